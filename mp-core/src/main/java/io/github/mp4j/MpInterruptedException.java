package io.github.mp4j;

/**
 * Thrown by every blocking mp4j call whose thread is interrupted while it waits: waiting for a
 * pool result or the next item of an {@code imap}, a queue's {@code get}, {@code put} or
 * {@code join}, a connection's {@code recv}, {@code send} or {@code poll},
 * {@code Connections.waitFor}, a listener's {@code accept}, a process's {@code join}. It is mp4j's
 * one interrupt policy, the JDK's
 * {@link InterruptedException} semantics in an unchecked exception:
 * <ul>
 *   <li>the call ends at once, and the thread's interrupt status is set again before this is
 *       thrown, so code further up that checks {@link Thread#isInterrupted()} still sees it;</li>
 *   <li>the object waited on stays usable (a pool keeps running the call, a queue keeps its items,
 *       a process keeps running), except a connection that was interrupted in the middle of a
 *       socket read or write: like the JDK's interruptible channels it is closed, because part of
 *       a frame may have been consumed;</li>
 *   <li>its cause is the {@link InterruptedException} (or the JDK's
 *       {@code ClosedByInterruptException}) that mp4j caught.</li>
 * </ul>
 * A call that was not blocked when the interrupt arrived does not throw it; a call that may wait
 * and starts with the interrupt status already set throws it without waiting, as the JDK's
 * blocking calls do, while one that cannot wait ({@code getNowait}, {@code poll()},
 * {@code join(Duration.ZERO)}) ignores the interrupt status.
 */
public class MpInterruptedException extends MpException {

    private static final long serialVersionUID = 1L;

    /**
     * Sets the current thread's interrupt status again and describes the interrupted wait.
     *
     * @param whatWasAwaited what the thread was waiting for, as in "a pool result"
     * @param cause the interrupt mp4j caught, or {@code null}
     */
    public MpInterruptedException(String whatWasAwaited, Throwable cause) {
        super("interrupted while waiting for " + whatWasAwaited, cause);
        Thread.currentThread().interrupt();
    }
}
