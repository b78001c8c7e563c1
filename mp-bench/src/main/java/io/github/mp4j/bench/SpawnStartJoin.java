package io.github.mp4j.bench;

import io.github.mp4j.Mp;
import io.github.mp4j.process.ChildProcess;

/** {@code spawn_start_join_ms}: what one child JVM costs from start to join. */
final class SpawnStartJoin {

    private static final String NOTE = """
            Start then join 20 processes one after another, each targeting a no-op function. Result is
            wall time per process in ms.""";

    private SpawnStartJoin() {
    }

    static void run(Suite suite) throws Exception {
        suite.bench("spawn_start_join_ms", "ms", Better.LOWER, NOTE, SpawnStartJoin::once);
    }

    private static Measurement once() {
        long t0 = System.nanoTime();
        for (int i = 0; i < Sizes.SPAWN_JOIN_PROCS; i++) {
            try (ChildProcess child = Mp.process(SpawnStartJoin::noop)) {
                child.start();
                child.join();
                Checks.checkExit(child);
            }
        }
        return Measurement.of((System.nanoTime() - t0) / 1e6 / Sizes.SPAWN_JOIN_PROCS);
    }

    static void noop() {
        // the child's whole job is to start and exit
    }
}
