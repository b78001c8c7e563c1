package io.github.mp4j.connection;

/**
 * The other end closed the connection or its process died (Python's {@code EOFError}), or this end was closed.
 * Whatever had arrived before was delivered; nothing more will.
 */
public class ConnectionClosedException extends ConnectionException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what to do about it
     */
    public ConnectionClosedException(String message) {
        super(message);
    }

    /**
     * @param message what happened and what to do about it
     * @param cause the underlying failure
     */
    public ConnectionClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
