package io.github.mp4j.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * The README's sales job, on worker JVMs over byte ranges of one CSV file with multi-byte region
 * names: its per-region totals and counts equal a plain read of the file.
 */
class SalesJobTest {

    private static final String[] REGIONS = {"north", "süd", "東京", "ouest"};

    @TempDir
    Path dir;

    @Test
    void theSalesJobsTotalsEqualAPlainReadOfTheFile() throws Exception {
        Path file = dir.resolve("sales.csv");
        Map<String, Long> expected = writeSales(file, 20_000);
        try (ProcessPool pool = ProcessPool.create(PoolConfig.custom().name("sales").processes(2).build());
             BatchRepository batch = new BatchRepository()) {
            ProcessPoolBatchFactory mp4j = new ProcessPoolBatchFactory(pool, batch.jobRepository, 5,
                    CallOptions.defaults(), Duration.ofMillis(100));
            SalesJobConfiguration configuration = new SalesJobConfiguration();
            Job job = configuration.salesJob(batch.jobRepository, configuration.salesStep(batch.jobRepository, mp4j, file));

            JobExecution execution = batch.jobOperator.start(job, ProcessPoolPartitionHandlerTest.parameters());

            assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            Map<String, Long> totals = new HashMap<>();
            long written = 0;
            for (StepExecution partition : batch.jobRepository.getJobExecution(execution.getId()).getStepExecutions()) {
                if (partition.getStepName().startsWith("sales-range")) {
                    written += partition.getWriteCount();
                    @SuppressWarnings("unchecked")
                    Map<String, Long> partial = (Map<String, Long>) partition.getExecutionContext().get("totals");
                    partial.forEach((region, cents) -> totals.merge(region, cents, Long::sum));
                }
            }
            assertThat(written).isEqualTo(20_000);
            assertThat(totals).isEqualTo(expected);
        }
    }

    private static Map<String, Long> writeSales(Path file, int lines) throws Exception {
        Random random = new Random(7);
        Map<String, Long> totals = new HashMap<>();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                String region = REGIONS[random.nextInt(REGIONS.length)];
                long cents = random.nextInt(100_000);
                totals.merge(region, cents, Long::sum);
                out.write(region + "," + cents + "\n");
            }
        }
        return totals;
    }
}
