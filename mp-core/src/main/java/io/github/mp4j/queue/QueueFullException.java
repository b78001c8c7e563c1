package io.github.mp4j.queue;

import io.github.mp4j.MpException;

/**
 * No room in a bounded queue in time: thrown by {@code putNowait} and by {@code put} with a timeout (Python's {@code queue.Full}).
 */
public final class QueueFullException extends MpException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what to do about it
     */
    public QueueFullException(String message) {
        super(message);
    }

    /**
     * @param message what happened and what to do about it
     * @param cause the underlying failure
     */
    public QueueFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
