package io.github.mp4j.pool;

/**
 * The worker running the task died (killed, out of memory, {@code System.exit}, a native crash).
 * The message names the worker, its pid, its exit code or signal, and the task. The pool has already
 * replaced the worker; other tasks are unaffected.
 */
public final class WorkerDiedException extends TaskFailedException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and what to do about it
     * @param cause the underlying failure, or {@code null}
     */
    public WorkerDiedException(String message, Throwable cause) {
        super(message, cause);
    }
}
