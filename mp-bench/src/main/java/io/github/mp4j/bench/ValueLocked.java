package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.Mp;
import io.github.mp4j.shared.IntValue;

/** {@code value_locked_increments_per_s}: a shared int incremented under its own lock by two processes. */
final class ValueLocked {

    private static final String NOTE = """
            Mp.value(0), an int in shared memory with the recursive lock in its header (Python's
            Value('i', 0) and its default RLock). 2 children each do 100_000
            `try (var held = v.getLock().hold()) { v.set(v.get() + 1); }` at the same time. ops/s is
            200_000 divided by the time to both finish. The final value is checked to be 200_000.""";

    private ValueLocked() {
    }

    static void run(Suite suite) throws Exception {
        suite.bench("value_locked_increments_per_s", "ops/s", Better.HIGHER, NOTE, ValueLocked::once);
    }

    private static Measurement once() throws Exception {
        int n = Sizes.VALUE_INCREMENTS;
        IntValue counter = Mp.value(0);
        TimedRun<Void> run = TimedChildren.of(() -> increments(counter, n), () -> increments(counter, n)).run();
        check(counter.get() == 2 * n, "final value " + counter.get());
        return Measurement.of(2 * n / run.seconds());
    }

    @SuppressWarnings("try") // the held lock is the point of the block
    private static Object increments(IntValue counter, int count) {
        for (int i = 0; i < count; i++) {
            try (var held = counter.getLock().hold()) {
                counter.set(counter.get() + 1);
            }
        }
        return null;
    }
}
