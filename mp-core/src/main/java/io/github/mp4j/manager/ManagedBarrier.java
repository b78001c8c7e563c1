package io.github.mp4j.manager;

import java.time.Duration;

/**
 * A barrier held by a {@link Manager} (Python's {@code manager.Barrier(n)}): {@code await} blocks
 * until {@link #parties()} threads of any processes have called it, then all return and the next
 * round begins. A timed-out wait, {@link #abort()}, or a waiting party whose connection dies
 * breaks the barrier: waiters and later callers get {@link io.github.mp4j.sync.BrokenBarrierException}
 * until {@link #reset()}.
 */
public interface ManagedBarrier {

    /** @return the arrival index: {@code parties() - 1} for the first to arrive, 0 for the last */
    int await();

    /**
     * @param timeout the longest wait; running out breaks the barrier
     * @return the arrival index
     */
    int await(Duration timeout);

    /** @return how many parties each round needs */
    int parties();

    /** @return how many wait now */
    int waiting();

    /** @return whether the barrier is broken */
    boolean isBroken();

    /** Breaks the barrier: waiters get {@link io.github.mp4j.sync.BrokenBarrierException}. */
    void abort();

    /** Breaks the current round and makes the barrier usable again. */
    void reset();
}
