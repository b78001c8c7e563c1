package io.github.mp4j.sync;

import java.time.Duration;

/**
 * A lock that any process holding it can take: a {@link Lock} or a recursive {@link RLock}, and
 * what a {@link Condition} is built on.
 *
 * <p>An acquire that finds the previous owner's process dead takes the lock over and throws
 * {@link OwnerDiedException}, the caller holding the lock; waiters check for a dead owner at
 * least every 250 ms, so the next acquirer learns of the death within that (plus the time to
 * read {@code /proc}). Memory ordering: everything a thread wrote before {@code release} is seen
 * by the thread, in any process, whose {@code acquire} returns next (both are volatile accesses
 * to the lock word in shared memory).
 */
public sealed interface Lockable permits Lock, RLock {

    /**
     * Blocks until the lock is taken.
     *
     * @throws OwnerDiedException if taken from an owner that died: the caller holds the lock
     * @throws io.github.mp4j.MpInterruptedException if the thread is interrupted while waiting
     */
    void acquire();

    /**
     * @param timeout the longest to wait; {@link Duration#ZERO} tries once
     * @return whether the lock was taken
     * @throws OwnerDiedException if taken from an owner that died: the caller holds the lock
     */
    boolean acquire(Duration timeout);

    /**
     * @return whether the lock was free (or its owner dead) and is now taken
     * @throws OwnerDiedException if taken from an owner that died: the caller holds the lock
     */
    boolean tryAcquire();

    /** Releases the lock; see the implementations for who may. */
    void release();

    /**
     * Acquires, for try-with-resources: {@code try (var held = lock.hold()) { ... }}.
     *
     * @return releases on {@link Held#close()}
     * @throws OwnerDiedException if taken from an owner that died: the caller holds the lock and
     *     must release it itself (the try block was not entered)
     */
    default Held hold() {
        acquire();
        return this::release;
    }

    /** @return whether the calling thread holds the lock */
    boolean isHeldByCurrentThread();

    /** A held lock, released by {@link #close()}. */
    @FunctionalInterface
    interface Held extends AutoCloseable {
        /** Releases the lock. */
        @Override
        void close();
    }
}
