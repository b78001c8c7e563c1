package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.pool.ProcessPool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code pool_cpu_speedup} and {@code pool_cpu_parallel_s}: CPU-bound work on two workers. */
final class PoolCpu {

    private static final String NOTE = """
            Counts primes below 3_000_000 by trial division, split into 64 equal ranges. Serial run: the
            same 64 calls in the parent. Parallel run: Pool(2).starmap over the ranges with chunkSize 1,
            so that the heavier upper ranges balance across the workers; pool creation is not timed.
            speedup = serial_s / parallel_s, computed per run. The warm-up runs only the parallel
            half.""";
    private static final String PARALLEL_NOTE = "Parallel half of pool_cpu_speedup (Pool(2), 64 ranges).";

    private PoolCpu() {
    }

    static void run(Suite suite) throws Exception {
        List<Map.Entry<Integer, Integer>> ranges = ranges();
        List<Double> warm = new ArrayList<>();
        List<Double> serialRuns = new ArrayList<>();
        List<Double> parallelRuns = new ArrayList<>();
        Pools.with(pool -> {
            for (int i = 0; i < suite.warmup(); i++) {
                warm.add(parallel(pool, ranges));
            }
            for (int i = 0; i < suite.repeats(); i++) {
                serialRuns.add(serial(ranges));
                parallelRuns.add(parallel(pool, ranges));
            }
        });
        List<Double> speedups = new ArrayList<>();
        List<Map<String, Object>> details = new ArrayList<>();
        for (int i = 0; i < serialRuns.size(); i++) {
            speedups.add(serialRuns.get(i) / parallelRuns.get(i));
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("serial_s", serialRuns.get(i));
            detail.put("parallel_s", parallelRuns.get(i));
            details.add(detail);
        }
        suite.record("pool_cpu_speedup", "x", Better.HIGHER, speedups, List.of(), details, NOTE);
        suite.record("pool_cpu_parallel_s", "s", Better.LOWER, parallelRuns, warm, null, PARALLEL_NOTE);
    }

    /** @return the 64 ranges [i * limit / 64, (i + 1) * limit / 64), as (lo, hi) pairs */
    static List<Map.Entry<Integer, Integer>> ranges() {
        List<Map.Entry<Integer, Integer>> ranges = new ArrayList<>();
        for (int i = 0; i < Sizes.PRIMES_RANGES; i++) {
            long limit = Sizes.PRIMES_LIMIT;
            ranges.add(Map.entry((int) (i * limit / Sizes.PRIMES_RANGES), (int) ((i + 1) * limit / Sizes.PRIMES_RANGES)));
        }
        return List.copyOf(ranges);
    }

    private static double serial(List<Map.Entry<Integer, Integer>> ranges) {
        long t0 = System.nanoTime();
        long total = 0;
        for (Map.Entry<Integer, Integer> range : ranges) {
            total += Tasks.countPrimes(range.getKey(), range.getValue());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        check(total == Sizes.PRIMES_BELOW_LIMIT, "serial prime count " + total);
        return seconds;
    }

    /**
     * @param pool the workers
     * @param ranges the 64 ranges
     * @return seconds for starmap(countPrimes, ranges, chunkSize 1), its total checked
     */
    static double parallel(ProcessPool pool, List<Map.Entry<Integer, Integer>> ranges) {
        long t0 = System.nanoTime();
        List<Integer> counts = pool.starmap(Tasks::countPrimes, ranges, 1);
        long total = 0;
        for (int count : counts) {
            total += count;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        check(total == Sizes.PRIMES_BELOW_LIMIT, "parallel prime count " + total);
        return seconds;
    }
}
