package io.github.mp4j.demo.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.batch.ProcessPoolBatchFactory;
import io.github.mp4j.demo.DemoProperties;
import io.github.mp4j.demo.task.CsvFile;
import io.github.mp4j.demo.task.CsvTasks;
import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * The batch-sales job on two worker JVMs with an embedded H2 JobRepository: over files and over
 * byte ranges of one file, a partition failing on purpose is the only one the restart re-runs,
 * and the totals are exactly those of the csv-sales job (files) or a plain read (one file).
 */
class BatchSalesJobTest {

    private static ProcessPool pool;
    private static EmbeddedDatabase database;
    private static JobRepository jobRepository;
    private static TaskExecutorJobOperator jobOperator;

    @TempDir
    Path workDir;

    @BeforeAll
    static void start() throws Exception {
        pool = ProcessPool.create(PoolConfig.custom().name("batch-sales-test").processes(2).build());
        database = new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2).generateUniqueName(true)
                .addScript("/org/springframework/batch/core/schema-h2.sql").build();
        JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
        factory.setDataSource(database);
        factory.setTransactionManager(new JdbcTransactionManager(database));
        factory.afterPropertiesSet();
        jobRepository = factory.getObject();
        jobOperator = new TaskExecutorJobOperator();
        jobOperator.setJobRepository(jobRepository);
        jobOperator.setJobRegistry(new MapJobRegistry());
        jobOperator.afterPropertiesSet();
    }

    @AfterAll
    static void stop() {
        pool.terminate();
        database.shutdown();
    }

    @Test
    void aPartitionPerFileFailingOnceIsTheOnlyOneRerunAndTheTotalsAreCsvSales() {
        Recorder recorder = new Recorder();
        BatchSalesJob job = batchSales();

        JobResult result = job.run(pool, JobParams.resolve(job, Map.of("files", 4, "rows", 5_000, "fail", 2)), recorder);

        CsvSalesJob csvSales = new CsvSalesJob(properties());
        JobResult expected = csvSales.run(pool, JobParams.resolve(csvSales, Map.of("files", 4, "rows", 5_000)), new Recorder());
        assertThat(result.value()).isEqualTo(expected.value());
        assertThat(result.details()).containsEntry("attempts", 2).containsEntry("rerun", List.of("sales-partition:file2"))
                .containsEntry("rows", 20_000L).containsEntry("regions", expected.details().get("regions"));
        assertThat(recorder.emitted).filteredOn(o -> o.get("status").equals("FAILED")).singleElement()
                .satisfies(o -> assertThat(o.get("partition")).isEqualTo("sales-partition:file2"));
        assertThat(recorder.emitted).filteredOn(o -> o.get("attempt").equals(2)).singleElement()
                .satisfies(o -> assertThat(o.get("rows")).as("resumed after its first chunk").isEqualTo(5_000L - 999));
    }

    @Test
    void byteRangesOfOneFileGiveThePlainReadsTotals() throws IOException {
        BatchSalesJob job = batchSales();

        JobResult result = job.run(pool, JobParams.resolve(job, Map.of("files", 3, "rows", 5_000, "split", 1, "fail", 1)),
                new Recorder());

        Path copy = workDir.resolve("expected.csv");
        CsvTasks.write(new CsvFile(copy.toString(), 15_000, 1));
        assertThat(result.details()).containsEntry("attempts", 2).containsEntry("rerun", List.of("sales-partition:range1"))
                .containsEntry("rows", 15_000L).containsEntry("regions", CsvTasks.aggregate(copy.toString()).regions());
        Files.delete(copy);
    }

    private BatchSalesJob batchSales() {
        ProcessPoolBatchFactory mp4j = new ProcessPoolBatchFactory(pool, jobRepository, 0, CallOptions.defaults(),
                Duration.ofMillis(100));
        return new BatchSalesJob(properties(), mp4j, jobRepository, jobOperator);
    }

    private DemoProperties properties() {
        return new DemoProperties(DemoProperties.Mode.SERVICE, workDir.resolve("data"), null);
    }

    /** Keeps what the job emits. */
    @SuppressWarnings("unchecked")
    private static final class Recorder implements JobContext {
        final List<Map<String, Object>> emitted = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void phase(String name, long tasks, Supplier<Progress> progress) {
        }

        @Override
        public void emit(Object chunk) {
            if (chunk instanceof Map<?, ?> map) {
                emitted.add((Map<String, Object>) map);
            }
        }
    }
}
