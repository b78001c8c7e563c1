package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import java.math.BigInteger;
import java.util.List;

/**
 * {@code pool_map_tiny_tasks_per_s} and {@code pool_map_tiny_chunk1_tasks_per_s}: map over tiny
 * tasks, in the chunks the pool chooses and one task per chunk.
 */
final class PoolMapTiny {

    private static final String NOTE = """
            pool.map(cube, range(1, 1_000_001)) on Pool(2) with the default chunk size. Python's default
            is len/(4*workers), 125_000 here; mp4j's default (chunk size 0) adapts the chunk size to
            measured task times. Pool creation is not timed.""";
    private static final String CHUNK1_NOTE = """
            pool.map(cube, range(1, 20_001), chunkSize 1) on Pool(2), which measures the overhead of
            each task.""";

    private PoolMapTiny() {
    }

    static void run(Suite suite) throws Exception {
        int n = Sizes.MAP_TINY_N;
        Pools.with(pool -> suite.bench("pool_map_tiny_tasks_per_s", "tasks/s", Better.HIGHER, NOTE,
                () -> once(pool, n, PoolConfig.AUTO_CHUNK_SIZE)));
    }

    static void runChunk1(Suite suite) throws Exception {
        int n = Sizes.MAP_CHUNK1_N;
        Pools.with(pool -> suite.bench("pool_map_tiny_chunk1_tasks_per_s", "tasks/s", Better.HIGHER, CHUNK1_NOTE,
                () -> once(pool, n, 1)));
    }

    private static Measurement once(ProcessPool pool, int n, int chunkSize) {
        BigInteger expected = CubeSum.expected(n);
        long t0 = System.nanoTime();
        List<Long> out = pool.map(Tasks::cube, IntRange.of(1, n + 1), chunkSize);
        double seconds = (System.nanoTime() - t0) / 1e9;
        check(out.size() == n, "map returned " + out.size() + " results");
        check(CubeSum.of(out).equals(expected), "sum of cubes");
        return Measurement.of(n / seconds);
    }
}
