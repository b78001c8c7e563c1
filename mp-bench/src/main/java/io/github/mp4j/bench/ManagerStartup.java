package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.manager.ManagedMap;
import io.github.mp4j.manager.Manager;
import java.util.Map;

/** {@code manager_startup_ms}: a manager JVM from nothing to its first answered call. */
final class ManagerStartup {

    private static final String NOTE = """
            Time to start a Manager (its own JVM), create a map proxy and do one operation on it
            (d.put("k", 1)), in ms. The shutdown() that follows is not included; each run records it as
            shutdown_ms.""";

    private ManagerStartup() {
    }

    static void run(Suite suite) throws Exception {
        suite.bench("manager_startup_ms", "ms", Better.LOWER, NOTE, ManagerStartup::once);
    }

    private static Measurement once() {
        long t0 = System.nanoTime();
        Manager manager = Manager.start();
        ManagedMap<String, Integer> d = manager.map();
        d.put("k", 1);
        long t1 = System.nanoTime();
        manager.shutdown();
        long t2 = System.nanoTime();
        check(!ProcessHandle.of(manager.pid()).map(ProcessHandle::isAlive).orElse(false), "the manager exited");
        return Measurement.of((t1 - t0) / 1e6, Map.of("shutdown_ms", (t2 - t1) / 1e6));
    }
}
