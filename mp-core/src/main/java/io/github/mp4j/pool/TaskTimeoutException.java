package io.github.mp4j.pool;

/**
 * The task ran longer than the pool's task timeout. Its worker was killed and replaced; other tasks
 * are unaffected.
 */
public final class TaskTimeoutException extends TaskFailedException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what to do about it
     * @param cause the underlying failure, or {@code null}
     */
    public TaskTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
