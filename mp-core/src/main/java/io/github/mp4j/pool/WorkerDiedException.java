package io.github.mp4j.pool;

/**
 * The worker running the task died (killed, out of memory, {@code System.exit}, a native crash).
 * The message names the worker, its pid, its exit code or signal, and the task. The pool has already
 * replaced the worker; other tasks are unaffected.
 *
 * <p>A worker JVM that runs out of heap exits at once ({@code -XX:+ExitOnOutOfMemoryError}) with
 * status 3, the status a task's {@code System.exit(3)} also gives; the message tells them apart
 * ("ran out of memory", with the heap option to raise, or "a task called System.exit(3)"), because
 * a worker whose task calls {@code System.exit} says so from its exit hook, which an
 * OutOfMemoryError exit never runs. (A task calling {@code Runtime.halt(3)}, which skips the hooks
 * too, is reported as out of memory.)
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
