package io.github.mp4j.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.PoolEvent;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.WorkerDiedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Partitioned steps on real worker JVMs with an embedded H2 JobRepository: totals equal a
 * single-threaded run, a failed partition alone is re-run by a restart, a SIGKILLed worker's
 * partition is FAILED with the worker's death, and a job stopped from the JobOperator is STOPPED
 * and restartable. One pool of two worker JVMs serves the whole class.
 */
class ProcessPoolPartitionHandlerTest {

    private static final int ITEMS = 10_000;
    private static final int GRID = 4;
    private static final AtomicLong RUN = new AtomicLong(System.nanoTime());

    private static ProcessPool pool;
    private static BatchRepository batch;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pool = ProcessPool.create(PoolConfig.custom().name("batch-test").processes(2).build());
        batch = new BatchRepository();
    }

    @AfterAll
    static void stop() {
        pool.terminate();
        batch.close();
    }

    @Test
    void theTotalsOfPartitionsOnWorkersEqualASingleThreadedRun() throws Exception {
        Map<String, String> none = Map.of();
        Set<String> labels = ConcurrentHashMap.newKeySet();
        Consumer<PoolEvent> listener = event -> {
            if (event instanceof PoolEvent.ChunkCompleted chunk) {
                labels.add(chunk.label());
            }
        };
        pool.addListener(listener);
        JobExecution execution;
        try {
            execution = batch.jobOperator.start(job("totals", none), parameters());
        } finally {
            pool.removeListener(listener);
        }

        assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        StepExecution manager = managerOf(execution);
        PartitionReport single = ChunkWorkerStep.of(RangeItems.CHUNK, new RangeItems(none))
                .execute(new WorkerPartition("single", "all", Map.of("from", 0, "to", ITEMS), Map.of()));
        long[] expected = RangeItems.expected(ITEMS);
        assertThat(single.counts().read()).isEqualTo(expected[0]);
        assertThat(single.executionContext().getLong("sum")).isEqualTo(expected[3]);
        assertThat(manager.getReadCount()).isEqualTo(single.counts().read());
        assertThat(manager.getFilterCount()).isEqualTo(single.counts().filtered());
        assertThat(manager.getWriteCount()).isEqualTo(single.counts().written());
        assertThat(partitionSums(execution)).isEqualTo(expected[3]);
        assertThat(partitionsOf(execution)).hasSize(GRID).allSatisfy(p -> {
            assertThat(p.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(p.getCommitCount()).isEqualTo(ITEMS / GRID / RangeItems.CHUNK);
        });
        assertThat(labels).as("each partition's call is labelled job/step").containsExactly("totals/totals-manager");
    }

    @Test
    void aThrowingPartitionIsFailedAndARestartReRunsOnlyItFromItsLastChunk() throws Exception {
        Path marker = Files.createFile(dir.resolve("fail"));
        int failAt = 7500 + 250;
        Job job = job("throwing", Map.of("failAt", Integer.toString(failAt), "failMarker", marker.toString()));
        JobParameters parameters = parameters();

        JobExecution first = batch.jobOperator.start(job, parameters);

        assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);
        StepExecution failed = partition(first, "partition3");
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(failed.getExitStatus().getExitDescription()).contains("failing on purpose at item " + failAt);
        assertThat(failed.getReadCount()).as("the two chunks before the failure").isEqualTo(200);
        assertThat(failed.getRollbackCount()).isEqualTo(1);
        assertThat(failed.getExitStatus().getExitDescription()).contains("RangeItems$RangeReader.read");
        assertThat(batch.jobRepository.getStepExecution(failed.getId()).getExecutionContext()
                .getInt("position")).isEqualTo(7700);
        assertThat(partitionsOf(first)).filteredOn(p -> p.getStatus() == BatchStatus.COMPLETED).hasSize(GRID - 1);

        Files.delete(marker);
        JobExecution restart = batch.jobOperator.restart(first);

        assertThat(restart.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(partitionsOf(restart)).singleElement().satisfies(p -> {
            assertThat(p.getStepName()).endsWith("partition3");
            assertThat(p.getReadCount()).as("resumed after its last chunk").isEqualTo(2500 - 200);
        });
        assertThat(partitionSums(first, restart)).isEqualTo(RangeItems.expected(ITEMS)[3]);
    }

    @Test
    void aWorkerKilledMidPartitionFailsThatPartitionWithTheWorkersDeath() throws Exception {
        Path marker = Files.createFile(dir.resolve("hang"));
        Path pidFile = dir.resolve("pid");
        Job job = job("killed", Map.of("hangAt", "2550", "hangMarker", marker.toString(), "hangFile", pidFile.toString()));
        JobParameters parameters = parameters();

        CompletableFuture<JobExecution> running = CompletableFuture.supplyAsync(() -> startQuietly(job, parameters));
        long pid = awaitPid(pidFile);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        JobExecution first = running.get(60, TimeUnit.SECONDS);

        assertThat(first.getStatus()).isEqualTo(BatchStatus.FAILED);
        StepExecution killed = partition(first, "partition1");
        assertThat(killed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(killed.getExitStatus().getExitDescription()).contains(WorkerDiedException.class.getName())
                .contains(Long.toString(pid));
        assertThat(partitionsOf(first)).filteredOn(p -> p.getStatus() == BatchStatus.COMPLETED).hasSize(GRID - 1);

        Files.delete(marker);
        JobExecution restart = batch.jobOperator.restart(first);

        assertThat(restart.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(partitionsOf(restart)).singleElement().satisfies(p -> assertThat(p.getReadCount()).isEqualTo(2500));
        assertThat(partitionSums(first, restart)).isEqualTo(RangeItems.expected(ITEMS)[3]);
    }

    @Test
    void aJobStoppedFromTheJobOperatorStopsItsPartitionsAndRestartsToExactTotals() throws Exception {
        Path marker = Files.createFile(dir.resolve("hang"));
        Path pidFile = dir.resolve("pid");
        Job job = job("stopped", Map.of("hangAt", "2550", "hangMarker", marker.toString(), "hangFile", pidFile.toString()));
        JobParameters parameters = parameters();

        CompletableFuture<JobExecution> running = CompletableFuture.supplyAsync(() -> startQuietly(job, parameters));
        long pid = awaitPid(pidFile);
        assertThat(stopRunning("stopped")).isTrue();
        JobExecution first = running.get(60, TimeUnit.SECONDS);

        assertThat(first.getStatus()).isEqualTo(BatchStatus.STOPPED);
        assertThat(partition(first, "partition1").getStatus()).isEqualTo(BatchStatus.STOPPED);
        ProcessHandle hung = ProcessHandle.of(pid).orElse(null);
        assertThat(hung == null || hung.onExit().get(30, TimeUnit.SECONDS) != null)
                .as("the worker running the stopped partition was ended").isTrue();

        Files.delete(marker);
        JobExecution restart = batch.jobOperator.restart(first);

        assertThat(restart.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        List<String> completedBefore = partitionsOf(first).stream().filter(p -> p.getStatus() == BatchStatus.COMPLETED)
                .map(StepExecution::getStepName).toList();
        assertThat(partitionsOf(restart)).hasSize(GRID - completedBefore.size())
                .allSatisfy(p -> assertThat(completedBefore).doesNotContain(p.getStepName()));
        assertThat(partitionSums(first, restart)).isEqualTo(RangeItems.expected(ITEMS)[3]);
    }

    // ------------------------------------------------------------------ helpers

    static Job job(String name, Map<String, String> failures) throws Exception {
        ProcessPoolPartitionHandler handler = new ProcessPoolPartitionHandler(pool, batch.jobRepository,
                ChunkWorkerStep.of(RangeItems.CHUNK, new RangeItems(failures)));
        handler.setGridSize(GRID);
        handler.setStopPollInterval(Duration.ofMillis(50));
        Step manager = new StepBuilder(name + "-manager", batch.jobRepository)
                .partitioner(name + "-worker", RangeItems.partitioner(ITEMS))
                .partitionHandler(handler)
                .build();
        return batch.register(new JobBuilder(name, batch.jobRepository).start(manager).build());
    }

    static JobParameters parameters() {
        return new JobParametersBuilder().addLong("run", RUN.incrementAndGet()).toJobParameters();
    }

    private JobExecution startQuietly(Job job, JobParameters parameters) {
        try {
            return batch.jobOperator.start(job, parameters);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops the running execution of a job as a user must with Spring Batch 6: its
     * {@code JobOperator.stop} writes the step executions of the execution object it is given, so
     * a partition that finished since that object was read makes it fail with an optimistic-locking
     * error; read it again and retry (the README's "Spring Batch" section says so).
     */
    private static boolean stopRunning(String jobName) throws Exception {
        for (int attempt = 1; ; attempt++) {
            JobExecution running = batch.jobRepository.findRunningJobExecutions(jobName).iterator().next();
            try {
                return batch.jobOperator.stop(running);
            } catch (OptimisticLockingFailureException e) {
                assertThat(attempt).as("stop attempts while partitions kept finishing").isLessThan(20);
            }
        }
    }

    private static long awaitPid(Path pidFile) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(pidFile)) {
            assertThat(System.nanoTime()).as("the partition reached its hang").isLessThan(deadline);
            Thread.onSpinWait();
            Thread.sleep(10);
        }
        return Long.parseLong(Files.readString(pidFile).trim());
    }

    static StepExecution managerOf(JobExecution execution) {
        return execution.getStepExecutions().stream().filter(s -> s.getStepName().endsWith("-manager")).findFirst()
                .orElseThrow();
    }

    static List<StepExecution> partitionsOf(JobExecution execution) {
        return batch.jobRepository.getJobExecution(execution.getId()).getStepExecutions().stream()
                .filter(s -> s.getStepName().contains(":")).toList();
    }

    static StepExecution partition(JobExecution execution, String name) {
        return partitionsOf(execution).stream().filter(s -> s.getStepName().endsWith(name)).findFirst().orElseThrow();
    }

    /** The sum over the partitions' contexts, the last execution of each partition winning. */
    static long partitionSums(JobExecution... executions) {
        Map<String, Long> sums = new HashMap<>();
        for (JobExecution execution : executions) {
            Collection<StepExecution> partitions = partitionsOf(execution);
            partitions.forEach(p -> sums.put(p.getStepName(), p.getExecutionContext().getLong("sum", 0L)));
        }
        return sums.values().stream().mapToLong(Long::longValue).sum();
    }
}
