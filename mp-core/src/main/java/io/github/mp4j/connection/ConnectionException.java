package io.github.mp4j.connection;

import io.github.mp4j.MpException;

/**
 * A connection failed. Subclasses say how; the message says what to do.
 */
public class ConnectionException extends MpException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what to do about it
     */
    public ConnectionException(String message) {
        super(message);
    }

    /**
     * @param message what happened and what to do about it
     * @param cause the underlying failure
     */
    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
