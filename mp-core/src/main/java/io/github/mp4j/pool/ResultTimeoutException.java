package io.github.mp4j.pool;

import io.github.mp4j.MpException;

/**
 * {@link AsyncResult#get(java.time.Duration)} gave up waiting; the task goes on running (Python's
 * {@code multiprocessing.TimeoutError}).
 */
public final class ResultTimeoutException extends MpException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what to do about it
     * @param cause the underlying failure, or {@code null}
     */
    public ResultTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
