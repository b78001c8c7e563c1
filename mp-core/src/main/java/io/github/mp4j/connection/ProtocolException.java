package io.github.mp4j.connection;

/**
 * The peer sent bytes that are not a valid frame (garbage, or a frame larger than the
 * configured maximum): the connection is closed, and nothing else is affected. Also thrown, before
 * anything is sent and with the connection left open, for an outgoing message above the maximum.
 */
public class ProtocolException extends ConnectionException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what to do about it
     */
    public ProtocolException(String message) {
        super(message);
    }

    /**
     * @param message what happened and what to do about it
     * @param cause the underlying failure
     */
    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
