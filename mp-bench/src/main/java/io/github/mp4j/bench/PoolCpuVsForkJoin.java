package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.pool.ProcessPool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code pool_cpu_vs_forkjoin} (mp4j only): what running the prime count in worker JVMs costs over
 * running it on threads of this JVM.
 */
final class PoolCpuVsForkJoin {

    private static final String NOTE = """
            mp4j only. The 64-range prime count of pool_cpu_speedup, run on an in-JVM ForkJoinPool(2)
            (one task per range, as chunkSize 1) and on Pool(2) (starmap, chunkSize 1) in the same run,
            one after the other, the order alternating from run to run. Value = forkjoin_s / pool_s:
            1.0 means worker JVMs cost nothing over threads, higher is better. Neither pool's creation
            is timed.""";

    private PoolCpuVsForkJoin() {
    }

    static void run(Suite suite) throws Exception {
        List<Map.Entry<Integer, Integer>> ranges = PoolCpu.ranges();
        ForkJoinPool threads = new ForkJoinPool(Pools.PROCESSES);
        try {
            Pools.with(pool -> {
                int[] runIndex = {0};
                suite.bench("pool_cpu_vs_forkjoin", "x", Better.HIGHER, NOTE,
                        () -> once(pool, threads, ranges, runIndex[0]++ % 2 == 0));
            });
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    private static Measurement once(ProcessPool pool, ForkJoinPool threads, List<Map.Entry<Integer, Integer>> ranges,
                                    boolean forkJoinFirst) throws Exception {
        double forkJoin;
        double processes;
        if (forkJoinFirst) {
            forkJoin = forkJoin(threads, ranges);
            processes = PoolCpu.parallel(pool, ranges);
        } else {
            processes = PoolCpu.parallel(pool, ranges);
            forkJoin = forkJoin(threads, ranges);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("forkjoin_s", forkJoin);
        details.put("pool_s", processes);
        details.put("first", forkJoinFirst ? "forkjoin" : "pool");
        return Measurement.of(forkJoin / processes, details);
    }

    private static double forkJoin(ForkJoinPool threads, List<Map.Entry<Integer, Integer>> ranges) throws Exception {
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (Map.Entry<Integer, Integer> range : ranges) {
            int lo = range.getKey();
            int hi = range.getValue();
            tasks.add(() -> Tasks.countPrimes(lo, hi));
        }
        long t0 = System.nanoTime();
        long total = 0;
        for (Future<Integer> count : threads.invokeAll(tasks)) {
            total += count.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        check(total == Sizes.PRIMES_BELOW_LIMIT, "fork/join prime count " + total);
        return seconds;
    }
}
