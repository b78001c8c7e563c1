package io.github.mp4j.sync;

import io.github.mp4j.sync.internal.SyncSegment;
import io.github.mp4j.sync.internal.WaitList;
import java.time.Duration;

/**
 * A counting semaphore shared by processes and threads, as Python's
 * {@code multiprocessing.Semaphore}: {@code acquire} takes a permit, waiting while there is none;
 * {@code release} gives one back, from any thread of any process. Made by
 * {@code Mp.semaphore(n)}; travels to other processes as its file's name.
 *
 * <p>State ({@link WaitList}'s layout): the word is the number of permits, changed by
 * compare-and-swap. A release happens-before the acquire that takes its permit.
 *
 * <p><b>A process that dies holding permits</b> does not give them back: a semaphore does not
 * know who holds its permits (any thread may release), so permits taken by a dead process are
 * lost. Where that matters, use a {@link Lock}, which detects a dead owner, or re-create the
 * semaphore after a crash.
 */
public sealed class Semaphore extends Primitive permits BoundedSemaphore {

    Semaphore(WaitList state) {
        super(state, SyncSegment.Kind.SEMAPHORE);
    }

    /**
     * @param permits the permits it starts with, {@code >= 0}
     * @return a new semaphore in a shared-memory file of its own
     */
    public static Semaphore create(int permits) {
        return new Semaphore(newState(permits, 0));
    }

    static WaitList newState(int permits, long bound) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits must be >= 0, was " + permits);
        }
        WaitList state = SyncSegment.create(SyncSegment.Kind.SEMAPHORE, bound);
        state.setWord(permits);
        return state;
    }

    /** Takes a permit, waiting as long as it takes. */
    public void acquire() {
        acquire(Long.MAX_VALUE);
    }

    /**
     * @param timeout the longest to wait; {@link Duration#ZERO} tries once
     * @return whether a permit was taken
     */
    public boolean acquire(Duration timeout) {
        return acquire(deadline(timeout));
    }

    /** @return whether a permit was free and is now taken */
    public boolean tryAcquire() {
        return take(state());
    }

    /**
     * Acquires, for try-with-resources: {@code try (var permit = semaphore.hold()) { ... }}.
     *
     * @return gives the permit back on close
     */
    public Lockable.Held hold() {
        acquire();
        return this::release;
    }

    private boolean acquire(long deadline) {
        WaitList state = state();
        boolean taken = state.await(afterPark -> take(state), deadline, 0, "a Semaphore");
        if (!taken && state.word() > 0) {
            state.wake(1); // we may have been the waiter a release woke
        }
        return taken;
    }

    private static boolean take(WaitList state) {
        long permits = state.word();
        return permits > 0 && state.casWord(permits, permits - 1);
    }

    /** Gives one permit back and wakes a waiter. */
    public void release() {
        release(1);
    }

    /**
     * Gives permits back and wakes as many waiters.
     *
     * @param permits how many, {@code >= 1}
     */
    public void release(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be >= 1, was " + permits);
        }
        WaitList state = state();
        long bound = SyncSegment.parameter(state);
        while (true) {
            long current = state.word();
            long next = current + permits;
            if (bound > 0 && next > bound) {
                throw new IllegalStateException(this + " released too many times: it would have " + next
                        + " permits, more than the " + bound + " it was created with; release only what you acquired");
            }
            if (state.casWord(current, next)) {
                break;
            }
        }
        state.wake(permits);
    }

    /** @return the permits free now (Python's {@code get_value()}) */
    public int value() {
        return (int) state().word();
    }
}
