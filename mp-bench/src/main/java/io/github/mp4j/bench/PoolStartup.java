package io.github.mp4j.bench;

import io.github.mp4j.pool.ProcessPool;
import java.util.Map;

/** {@code pool_startup_ms}: what a pool of two worker JVMs costs before its first result. */
final class PoolStartup {

    private static final String NOTE = """
            Time from Pool(2) construction (ProcessPool.create with processes(2)) to the first result
            of apply(noop), in ms. The close() (shutdown and join) that follows is not included; each
            run records it as close_join_ms.""";

    private PoolStartup() {
    }

    static void run(Suite suite) throws Exception {
        suite.bench("pool_startup_ms", "ms", Better.LOWER, NOTE, PoolStartup::once);
    }

    private static Measurement once() {
        long t0 = System.nanoTime();
        ProcessPool pool = Pools.create();
        long t1;
        try {
            pool.apply(Tasks::noop);
            t1 = System.nanoTime();
        } catch (RuntimeException | Error e) {
            pool.terminate();
            pool.join();
            throw e;
        }
        pool.close();
        long t2 = System.nanoTime();
        return Measurement.of((t1 - t0) / 1e6, Map.of("close_join_ms", (t2 - t1) / 1e6));
    }
}
