package io.github.mp4j.manager;

import java.time.Duration;

/**
 * A lock held by a {@link Manager} (Python's {@code manager.Lock()} and {@code manager.RLock()}):
 * it works in every process that reaches the manager, on this machine or another. The owner is
 * the calling thread (each client thread has its own connection to the manager). A lock made by
 * {@link Manager#lock()} is not recursive, and any thread may release it, as in Python; one made
 * by {@link Manager#rlock()} may be re-acquired by its owner, and only the owner may release it.
 *
 * <p><b>An owner that dies</b>: when the connection of the owning thread ends (its process died or
 * the thread ended) while it holds the lock, the manager releases it, and the next acquire gets
 * an {@link io.github.mp4j.sync.OwnerDiedException} while holding the lock: repair or check what
 * it protects, then release it as usual.
 */
public interface ManagedLock {

    /**
     * Waits until the lock is free and takes it.
     *
     * @throws io.github.mp4j.sync.OwnerDiedException if the previous owner died holding it (the
     *     caller now holds it)
     */
    void acquire();

    /**
     * @param timeout the longest wait
     * @return whether the lock was taken
     */
    boolean acquire(Duration timeout);

    /** @return whether the lock was free and is now taken, without waiting */
    boolean tryAcquire();

    /**
     * Releases the lock.
     *
     * @throws IllegalStateException if it is not held (or, for a recursive lock, not by the caller)
     */
    void release();

    /** @return whether some thread holds the lock */
    boolean isLocked();

    /** @return whether the calling thread holds the lock */
    boolean isHeldByCurrentThread();

    /**
     * Acquires the lock for a try-with-resources block.
     *
     * @return releases the lock when closed
     */
    default Held hold() {
        acquire();
        return this::release;
    }

    /** A held lock, released by {@link #close()}. */
    @FunctionalInterface
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
