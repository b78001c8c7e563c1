package io.github.mp4j.bench;

import io.github.mp4j.bench.batch.SalesCsvJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code batch_partitioned_rows_per_s} and {@code batch_partitioned_vs_threads} (mp4j only): the
 * CSV sales job of Spring Batch with mp4j's partition handler, alone and against Spring Batch's
 * own TaskExecutorPartitionHandler on as many threads as the pool has workers.
 */
final class BatchPartitioned {

    /** Lines of the CSV file: about 20 MB, a second or so of work for two workers. */
    static final int ROWS = 1_500_000;
    /** Byte ranges: two per worker, as a job sized for its pool would ask. */
    static final int GRID_SIZE = 2 * Pools.PROCESSES;

    private static final String NOTE = """
            mp4j only. A Spring Batch partitioned step over one CSV file of %d region,cents lines, cut
            into %d byte ranges aligned to line starts; each range read (LineRangeReader), parsed and
            summed per region in chunks of 2000 in a worker JVM of Pool(2) (ProcessPoolPartitionHandler,
            in-memory JobRepository). Value = rows / job seconds, totals checked. The pool's start is
            not timed.""".formatted(ROWS, GRID_SIZE);

    private static final String VS_NOTE = """
            mp4j only. The job of batch_partitioned_rows_per_s with ProcessPoolPartitionHandler and with
            Spring Batch's TaskExecutorPartitionHandler on 2 threads running the same chunk loop, in the
            same run, one after the other, the order alternating from run to run. Value = threads_s /
            pool_s (mp4j's rows/s over the threads'): 1.0 means worker JVMs cost nothing over threads.
            What isolation costs: each range's execution context and report cross a pipe, and each
            worker JVM JIT-compiles the reader and parser on its own.""";

    private BatchPartitioned() {
    }

    static void run(Suite suite) throws Exception {
        withJob(job -> suite.bench("batch_partitioned_rows_per_s", "rows/s", Better.HIGHER, NOTE,
                () -> Measurement.of(job.rows() / job.workerJvmSeconds())));
    }

    static void runVsThreads(Suite suite) throws Exception {
        withJob(job -> {
            int[] runIndex = {0};
            suite.bench("batch_partitioned_vs_threads", "x", Better.HIGHER, VS_NOTE,
                    () -> once(job, runIndex[0]++ % 2 == 0));
        });
    }

    private static Measurement once(SalesCsvJob job, boolean threadsFirst) throws Exception {
        double threads;
        double pool;
        if (threadsFirst) {
            threads = job.threadSeconds();
            pool = job.workerJvmSeconds();
        } else {
            pool = job.workerJvmSeconds();
            threads = job.threadSeconds();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("threads_s", threads);
        details.put("pool_s", pool);
        details.put("first", threadsFirst ? "threads" : "pool");
        return Measurement.of(threads / pool, details);
    }

    /** One job's use of the CSV file and a pool. */
    @FunctionalInterface
    private interface JobBody {
        void run(SalesCsvJob job) throws Exception;
    }

    private static void withJob(JobBody body) throws Exception {
        Path file = Files.createTempFile("mp4j-bench-sales", ".csv");
        try {
            Pools.with(pool -> body.run(new SalesCsvJob(pool, file, ROWS, GRID_SIZE)));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
