package io.github.mp4j.bench;

import io.github.mp4j.bench.batch.SalesCsvJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code batch_partitioned_rows_per_s} and {@code batch_partitioned_vs_threads} (mp4j only): the
 * CSV sales job of Spring Batch with mp4j's partition handler, alone and against Spring Batch's
 * own TaskExecutorPartitionHandler on as many threads as the pool has workers.
 */
final class BatchPartitioned {

    /** Lines of the CSV file: about 80 MB, several seconds of work for two workers. */
    static final int ROWS = 6_000_000;
    /** Byte ranges: two per worker, as a job sized for its pool would ask. */
    static final int GRID_SIZE = 2 * Pools.PROCESSES;

    private static final String NOTE = """
            mp4j only. A Spring Batch partitioned step over one CSV file of %d region,cents lines (~80 MB),
            cut into %d byte ranges aligned to line starts; each range read (LineRangeReader), parsed and
            summed per region in chunks of 2000 in a worker JVM of Pool(2) (ProcessPoolPartitionHandler,
            in-memory JobRepository). Value = rows / job seconds, totals checked. The pool's start is
            not timed.""".formatted(ROWS, GRID_SIZE);

    private static final String VS_NOTE = """
            mp4j only. The job of batch_partitioned_rows_per_s (the same file, several seconds a job) with
            ProcessPoolPartitionHandler on Pool(2) and with Spring Batch's TaskExecutorPartitionHandler on
            2 threads running the same chunk loop, four jobs a run in the order A B B A (A = threads on even
            runs, the pool on odd ones), so that a trend in the machine's load over the run weighs on both
            alike. Value = threads_s / pool_s, each the sum of its two jobs (mp4j's rows/s over the
            threads'): 1.0 means worker JVMs cost nothing over threads; the floor is 0.85. The pool's
            worker JVMs are started, and the file written (so in the page cache for both), before any
            timing; the warm-up runs (not counted) let both JIT-compile the reader and parser. What isolation
            still costs: each worker JVM JIT-compiles on its own (no profile is shared with this JVM), and
            each range's execution context and report cross a pipe as Kryo bytes (a few hundred bytes, the
            per-region totals: microseconds against seconds).""";

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
        double[] threads = new double[2];
        double[] pool = new double[2];
        for (int i = 0; i < 2; i++) {
            // A B B A: the first side of run i is the second of the pair that follows
            boolean threadsNow = threadsFirst == (i == 0);
            if (threadsNow) {
                threads[i] = job.threadSeconds();
                pool[i] = job.workerJvmSeconds();
            } else {
                pool[i] = job.workerJvmSeconds();
                threads[i] = job.threadSeconds();
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("threads_s", threads[0] + threads[1]);
        details.put("pool_s", pool[0] + pool[1]);
        details.put("threads_jobs_s", List.of(threads[0], threads[1]));
        details.put("pool_jobs_s", List.of(pool[0], pool[1]));
        details.put("first", threadsFirst ? "threads" : "pool");
        return Measurement.of((threads[0] + threads[1]) / (pool[0] + pool[1]), details);
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
