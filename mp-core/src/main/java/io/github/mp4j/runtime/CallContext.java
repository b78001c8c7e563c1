package io.github.mp4j.runtime;

/**
 * The label of the pool call whose task runs on the current thread, for the code around it:
 * a worker names the call in the log records it sends to its pool (see {@code ProcessPool}'s
 * logging), and a task may read it to tag its own output.
 *
 * <p>The worker that runs a chunk sets the label before the chunk's first task and clears it
 * after the last; tasks and libraries only read it. The label belongs to the thread that runs the
 * task: threads the task starts do not see it (a pool's threads would otherwise keep a finished
 * call's label).
 *
 * <pre>{@code
 * String call = CallContext.label();   // "nightly-report", or null outside a labelled call
 * }</pre>
 */
public final class CallContext {

    private static final ThreadLocal<String> LABEL = new ThreadLocal<>();

    private CallContext() {
    }

    /** @return the label of the call running on this thread, or {@code null} if none or unlabelled */
    public static String label() {
        return LABEL.get();
    }

    /**
     * Marks this thread as running a task of the call with this label, until {@link #clear()}.
     *
     * @param label the call's label, or {@code null} for an unlabelled call
     */
    public static void set(String label) {
        if (label == null) {
            LABEL.remove();
        } else {
            LABEL.set(label);
        }
    }

    /** Marks this thread as running no call. */
    public static void clear() {
        LABEL.remove();
    }
}
