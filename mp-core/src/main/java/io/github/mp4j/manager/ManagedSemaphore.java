package io.github.mp4j.manager;

import java.time.Duration;

/**
 * A counting semaphore held by a {@link Manager} (Python's {@code manager.Semaphore()} and
 * {@code manager.BoundedSemaphore()}). One made by {@link Manager#boundedSemaphore(int)} refuses a
 * release above its initial permits with {@link IllegalStateException}. Any thread of any process
 * may release. Permits are not tied to an owner, so a process that dies holding some does not
 * give them back.
 */
public interface ManagedSemaphore {

    /** Waits for a permit and takes it. */
    void acquire();

    /**
     * @param timeout the longest wait
     * @return whether a permit was taken
     */
    boolean acquire(Duration timeout);

    /** @return whether a permit was free and is now taken, without waiting */
    boolean tryAcquire();

    /** Gives one permit back. */
    void release();

    /**
     * Gives permits back.
     *
     * @param permits how many, at least 1
     */
    void release(int permits);

    /** @return the permits free now */
    int value();

    /**
     * Acquires a permit for a try-with-resources block.
     *
     * @return gives the permit back when closed
     */
    default ManagedLock.Held hold() {
        acquire();
        return this::release;
    }
}
