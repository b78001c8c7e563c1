package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.Mp;
import io.github.mp4j.shared.IntValue;
import io.github.mp4j.shared.LongValue;
import io.github.mp4j.sync.Lock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code lock_handoff_us} (mp4j only): how soon a thread parked in {@code Lock.acquire} in one
 * process runs after another process releases the lock.
 */
final class LockHandoff {

    private static final String NOTE = """
            mp4j only. The parent holds an Mp.lock(); a child calls acquire() and parks (the parent waits
            2 ms after the child announced itself, well past the waiter's short spin). The parent stores
            System.nanoTime() (CLOCK_MONOTONIC, the same clock in every process) in a raw LongValue and
            releases; the child reads the clock as soon as acquire returns. 200 hand-offs per run; value =
            their median in us (details: p10, p90, max). This is the wake-up path a waiter in another
            process takes: a ticket written to that process's waker socket, its waker thread, unpark.""";
    private static final long PAUSE_NANOS = 2_000_000;

    private LockHandoff() {
    }

    static void run(Suite suite) throws Exception {
        suite.bench("lock_handoff_us", "us", Better.LOWER, NOTE, LockHandoff::once);
    }

    private static Measurement once() throws Exception {
        int rounds = Sizes.LOCK_HANDOFFS;
        Lock lock = Mp.lock();
        LongValue releasedAt = Mp.rawValue(0L);
        IntValue turn = Mp.rawValue(0);
        IntValue done = Mp.rawValue(0);
        TimedRun<Void> run = TimedChildren.of(() -> waiter(lock, releasedAt, turn, done, rounds))
                .parentWork(() -> releaser(lock, releasedAt, turn, done, rounds))
                .run();
        long[] nanos = (long[]) run.childResults().get(0);
        Arrays.sort(nanos);
        check(nanos[0] > 0, "a hand-off took " + nanos[0] + " ns");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("p10_us", nanos[rounds / 10] / 1e3);
        details.put("p90_us", nanos[rounds * 9 / 10] / 1e3);
        details.put("max_us", nanos[rounds - 1] / 1e3);
        return Measurement.of(nanos[rounds / 2] / 1e3, details);
    }

    private static Object waiter(Lock lock, LongValue releasedAt, IntValue turn, IntValue done, int rounds) {
        long[] nanos = new long[rounds];
        for (int round = 1; round <= rounds; round++) {
            while (turn.get() < round) {
                Thread.onSpinWait();
            }
            turn.set(-round); // "I am about to acquire"
            lock.acquire();
            nanos[round - 1] = System.nanoTime() - releasedAt.get();
            lock.release();
            done.set(round);
        }
        return nanos;
    }

    private static Void releaser(Lock lock, LongValue releasedAt, IntValue turn, IntValue done, int rounds) {
        for (int round = 1; round <= rounds; round++) {
            lock.acquire();
            turn.set(round);
            while (turn.get() != -round) {
                Thread.onSpinWait();
            }
            LockSupport.parkNanos(PAUSE_NANOS);
            releasedAt.set(System.nanoTime());
            lock.release();
            while (done.get() < round) {
                Thread.onSpinWait();
            }
        }
        return null;
    }
}
