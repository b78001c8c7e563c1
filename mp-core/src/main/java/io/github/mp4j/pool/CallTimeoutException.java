package io.github.mp4j.pool;

/**
 * A call ran longer than its call timeout ({@link CallOptions#withCallTimeout}): it was stopped like a
 * {@code cancel(true)}: its undispatched tasks were dropped, its running ones abandoned.
 */
public final class CallTimeoutException extends TaskFailedException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what to do about it
     * @param cause the underlying failure, or {@code null}
     */
    public CallTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
