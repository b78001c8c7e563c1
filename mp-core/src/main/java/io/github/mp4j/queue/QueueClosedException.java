package io.github.mp4j.queue;

import io.github.mp4j.MpException;

/**
 * The queue cannot be used from this process any more: this handle was closed, or the process that
 * created the queue (and holds its items) has exited.
 */
public final class QueueClosedException extends MpException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what to do about it
     */
    public QueueClosedException(String message) {
        super(message);
    }

    /**
     * @param message what happened and what to do about it
     * @param cause the underlying failure
     */
    public QueueClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
