package io.github.mp4j.queue;

import io.github.mp4j.MpException;

/**
 * Nothing arrived in time: thrown by {@code getNowait} and by {@code get} with a timeout (Python's {@code queue.Empty}).
 */
public final class QueueEmptyException extends MpException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what to do about it
     */
    public QueueEmptyException(String message) {
        super(message);
    }

    /**
     * @param message what happened and what to do about it
     * @param cause the underlying failure
     */
    public QueueEmptyException(String message, Throwable cause) {
        super(message, cause);
    }
}
