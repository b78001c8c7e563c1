package io.github.mp4j.sync;

import io.github.mp4j.MpException;

/**
 * Thrown by {@link Barrier#await} when the barrier is or becomes broken (Python's
 * {@code BrokenBarrierError}): a party timed out, the barrier was aborted or reset, the action
 * failed, or a waiting party's process died. Every party waiting then gets it too; call
 * {@link Barrier#reset()} to use the barrier again.
 */
public class BrokenBarrierException extends MpException {

    private static final long serialVersionUID = 1L;

    /** @param message what broke it */
    public BrokenBarrierException(String message) {
        super(message);
    }
}
