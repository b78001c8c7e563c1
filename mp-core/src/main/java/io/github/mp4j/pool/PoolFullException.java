package io.github.mp4j.pool;

import io.github.mp4j.MpException;

/**
 * A call was refused because the pool already holds {@link PoolConfig#maxPendingTasks()} tasks of
 * unfinished calls, and no room came free within {@link PoolConfig#pendingWait()}. Nothing of the
 * call was sent; submit it again later, or let callers wait longer.
 */
public final class PoolFullException extends MpException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what to do about it
     * @param cause the underlying failure, or {@code null}
     */
    public PoolFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
