package io.github.mp4j.demo.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.demo.DemoProperties;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The csv-sales job on a real pool of two worker JVMs: its data set is gone when the job ends,
 * also when it fails or is interrupted while the workers still write (the service interrupts
 * running jobs when it shuts down). A job that succeeds is checked over HTTP in {@code DemoServiceTest}.
 */
class CsvSalesJobTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private static ProcessPool pool;
    private Path workDir;

    @BeforeAll
    static void startPool() {
        pool = ProcessPool.create(PoolConfig.custom().name("csv-sales-test").processes(2).build());
    }

    @AfterAll
    static void closePool() throws Exception {
        List<ProcessHandle> workers = ProcessHandle.current().children().toList();
        pool.close();
        for (ProcessHandle worker : workers) {
            worker.onExit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @BeforeEach
    void createWorkDir() throws IOException {
        workDir = Files.createTempDirectory("mp4j-csv-sales-test");
    }

    @AfterEach
    void deleteWorkDir() throws IOException {
        try (Stream<Path> paths = Files.walk(workDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void theDataSetIsDeletedWhenTheJobFails() throws IOException {
        CsvSalesJob job = new CsvSalesJob(new DemoProperties(DemoProperties.Mode.SERVICE, workDir, null));
        JobContext mergeFails = new Context() {
            @Override
            public void emit(Object chunk) {
                throw new IllegalStateException("the merge failed");
            }
        };
        assertThatThrownBy(() -> job.run(pool, params(job, 4, 10_000), mergeFails)).hasMessage("the merge failed");
        assertThat(filesIn(workDir)).isEmpty();
    }

    @Test
    void theDataSetIsDeletedWhenTheJobIsInterruptedWhileTheWorkersWriteIt() throws IOException {
        CsvSalesJob job = new CsvSalesJob(new DemoProperties(DemoProperties.Mode.SERVICE, workDir, null));
        JobContext interrupted = new Context() {
            @Override
            public void phase(String name, long tasks, Supplier<Progress> progress) {
                if (name.startsWith("writing")) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try {
            assertThatThrownBy(() -> job.run(pool, params(job, 8, 200_000), interrupted))
                    .isInstanceOf(MpInterruptedException.class);
        } finally {
            assertThat(Thread.interrupted()).as("the job keeps the interrupt").isTrue();
        }
        assertThat(filesIn(workDir)).isEmpty();
    }

    private static JobParams params(CsvSalesJob job, int files, int rows) {
        return JobParams.resolve(job, Map.of("files", files, "rows", rows));
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(path -> !path.equals(dir)).toList();
        }
    }

    /** Takes the job's reports and does nothing with them. */
    private static class Context implements JobContext {

        @Override
        public void phase(String name, long tasks, Supplier<Progress> progress) {
        }

        @Override
        public void emit(Object chunk) {
        }
    }
}
