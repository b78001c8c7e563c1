package io.github.mp4j.pool;

import io.github.mp4j.MpException;

/**
 * A pool task did not produce a result. {@link #getCause()} is what the task threw in the worker,
 * with the worker's stack trace and cause chain; subclasses say when the worker itself failed.
 */
public class TaskFailedException extends MpException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what to do about it
     * @param cause the underlying failure, or {@code null}
     */
    public TaskFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
