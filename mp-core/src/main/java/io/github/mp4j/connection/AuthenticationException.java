package io.github.mp4j.connection;

/**
 * The two ends of a connection do not share the same auth key. Both ends see this exception,
 * and neither has decoded anything the other sent.
 */
public class AuthenticationException extends ConnectionException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what to do about it
     */
    public AuthenticationException(String message) {
        super(message);
    }

    /**
     * @param message what happened and what to do about it
     * @param cause the underlying failure
     */
    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
