package io.github.mp4j.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.function.SerializableFunction;
import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.skip.LimitCheckingExceptionHierarchySkipPolicy;
import org.springframework.batch.core.step.skip.SkipPolicy;
import org.springframework.batch.infrastructure.item.support.ListItemReader;

/**
 * Item processing on worker JVMs in a local chunk-oriented step: results are written in item
 * order whatever order the workers finish in, failed items are skipped as the skip policy says
 * (and fail the step past its limit), and the items of a worker that died run again elsewhere.
 */
class ProcessPoolItemProcessorTest {

    private static final int ITEMS = 300;

    private static ProcessPool pool;
    private static BatchRepository batch;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pool = ProcessPool.create(PoolConfig.custom().name("batch-items").processes(2).build());
        batch = new BatchRepository();
    }

    @AfterAll
    static void stop() {
        pool.terminate();
        batch.close();
    }

    @Test
    void resultsAreWrittenInItemOrderAndFailedItemsAreSkippedByThePolicy() throws Exception {
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        ProcessPoolItemWriter<String> writer = new ProcessPoolItemWriter<String>(chunk -> written.addAll(chunk.getItems()))
                .skipPolicy(skipBadItems(10));

        StepExecution step = run("ordered", new ProcessPoolItemProcessor<>(pool, ProcessPoolItemProcessorTest::slowFirst),
                writer);

        assertThat(step.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(written).isEqualTo(expected());
        assertThat(step.getProcessSkipCount()).isEqualTo(ITEMS / 50);
    }

    @Test
    void pastTheSkipLimitTheTasksExceptionFailsTheStep() throws Exception {
        ProcessPoolItemWriter<String> writer = new ProcessPoolItemWriter<String>(chunk -> { })
                .skipPolicy(skipBadItems(2));

        StepExecution step = run("limited", new ProcessPoolItemProcessor<>(pool, ProcessPoolItemProcessorTest::slowFirst),
                writer);

        assertThat(step.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(step.getExitStatus().getExitDescription()).contains("item 150 is bad");
    }

    @Test
    void theItemsOfAWorkerThatDiedRunAgainOnAnother() throws Exception {
        String marker = Files.createFile(dir.resolve("die-once")).toString();
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        ProcessPoolItemProcessor<Integer, String> processor = new ProcessPoolItemProcessor<>(pool, dieOnceAt(77, marker));
        processor.setCallOptions(CallOptions.defaults().withRetries(1));

        StepExecution step = run("retried", processor, new ProcessPoolItemWriter<String>(chunk -> written.addAll(chunk.getItems()))
                .skipPolicy(skipBadItems(10)));

        assertThat(Files.exists(Path.of(marker))).as("a worker died").isFalse();
        assertThat(step.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(written).isEqualTo(expected());
    }

    @Test
    void aFunctionsRetryableExceptionIsRetriedInTheWorker() throws Exception {
        String marker = Files.createFile(dir.resolve("flaky")).toString();
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        ProcessPoolItemProcessor<Integer, String> processor = new ProcessPoolItemProcessor<>(pool, flakyOnceAt(33, marker));
        processor.setRetry(1, List.of(IllegalStateException.class));

        StepExecution step = run("flaky", processor, new ProcessPoolItemWriter<String>(chunk -> written.addAll(chunk.getItems()))
                .skipPolicy(skipBadItems(10)));

        assertThat(step.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(written).isEqualTo(expected());
    }

    // ------------------------------------------------------------------ helpers

    private static StepExecution run(String name, ProcessPoolItemProcessor<Integer, String> processor,
                                     ProcessPoolItemWriter<String> writer) throws Exception {
        var step = new StepBuilder(name, batch.jobRepository).<Integer, Future<String>>chunk(40)
                .transactionManager(batch.transactions)
                .reader(new ListItemReader<>(IntStream.rangeClosed(1, ITEMS).boxed().toList()))
                .processor(processor)
                .writer(writer)
                .build();
        JobExecution execution = batch.jobOperator.start(new JobBuilder(name, batch.jobRepository).start(step).build(),
                ProcessPoolPartitionHandlerTest.parameters());
        return execution.getStepExecutions().iterator().next();
    }

    /** Multiples of 50 fail, of 10 are filtered; earlier items of a chunk take longer, so workers finish out of order. */
    static String slowFirst(Integer item) {
        try {
            Thread.sleep((40 - item % 40) / 8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (item % 50 == 0) {
            throw new IllegalArgumentException("item " + item + " is bad");
        }
        return item % 10 == 0 ? null : "v" + item;
    }

    private static SkipPolicy skipBadItems(int limit) {
        return new LimitCheckingExceptionHierarchySkipPolicy(Set.of(IllegalArgumentException.class), limit);
    }

    private static List<String> expected() {
        return IntStream.rangeClosed(1, ITEMS).filter(i -> i % 10 != 0).mapToObj(i -> "v" + i).toList();
    }

    private static SerializableFunction<Integer, String> dieOnceAt(int at, String marker) {
        return item -> {
            if (item == at && new java.io.File(marker).delete()) {
                Runtime.getRuntime().halt(3);
            }
            return slowFirst(item);
        };
    }

    private static SerializableFunction<Integer, String> flakyOnceAt(int at, String marker) {
        return item -> {
            if (item == at && new java.io.File(marker).delete()) {
                throw new IllegalStateException("flaky once");
            }
            return slowFirst(item);
        };
    }
}
