package io.github.mp4j.sync;

import io.github.mp4j.sync.internal.WaitList;

/**
 * A {@link Semaphore} that refuses to be released above the permits it was created with
 * (Python's {@code multiprocessing.BoundedSemaphore}): such a release throws
 * {@link IllegalStateException} and changes nothing, catching a release without an acquire.
 * Made by {@code Mp.boundedSemaphore(n)}.
 */
public final class BoundedSemaphore extends Semaphore {

    private BoundedSemaphore(WaitList state) {
        super(state);
    }

    /**
     * @param permits the permits it starts with and its bound, {@code >= 1}
     * @return a new bounded semaphore in a shared-memory file of its own
     */
    public static BoundedSemaphore create(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be >= 1, was " + permits);
        }
        return new BoundedSemaphore(newState(permits, permits));
    }
}
