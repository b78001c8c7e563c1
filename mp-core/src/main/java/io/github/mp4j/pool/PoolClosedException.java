package io.github.mp4j.pool;

import io.github.mp4j.MpException;

/**
 * The pool no longer takes work: it was closed or terminated, or it stopped because one of its own
 * threads failed (the cause says with what). Pending work of a terminated or stopped pool fails
 * with this exception.
 */
public final class PoolClosedException extends MpException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what to do about it
     * @param cause the underlying failure, or {@code null}
     */
    public PoolClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
