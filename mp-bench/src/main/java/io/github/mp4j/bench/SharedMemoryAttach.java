package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.Mp;
import io.github.mp4j.shared.SharedMemory;

/** {@code shared_memory_attach_us}: the cost of attaching to shared memory by name. */
final class SharedMemoryAttach {

    private static final String NOTE = """
            The parent creates a 1 MiB Mp.sharedMemory. A child attaches to it by name 1000 times:
            each time Mp.attachSharedMemory(name), read one byte, close() (which unmaps). Result is us
            per attach, close included. The child attaches once before the clock starts, which loads
            the classes (Python imports shared_memory before the clock starts).""";

    private SharedMemoryAttach() {
    }

    static void run(Suite suite) throws Exception {
        suite.bench("shared_memory_attach_us", "us", Better.LOWER, NOTE, SharedMemoryAttach::once);
    }

    private static Measurement once() throws Exception {
        int n = Sizes.SHM_ATTACHES;
        try (SharedMemory shm = Mp.sharedMemory(Sizes.SHM_SIZE)) {
            shm.putByte(0, (byte) 7);
            String name = shm.name();
            TimedRun<Void> run = TimedChildren.of(() -> attachLoop(name, n))
                    .prepare(() -> attachLoop(name, 1))
                    .run();
            long total = (Long) run.childResults().get(0);
            check(total == 7L * n, "read back " + total);
            return Measurement.of(run.seconds() / n * 1e6);
        }
    }

    private static long attachLoop(String name, int count) {
        long total = 0;
        for (int i = 0; i < count; i++) {
            try (SharedMemory shm = Mp.attachSharedMemory(name)) {
                total += shm.getByte(0);
            }
        }
        return total;
    }
}
