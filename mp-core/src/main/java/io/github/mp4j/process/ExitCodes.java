package io.github.mp4j.process;

/**
 * How a child's end is reported, as in Python: {@code 0} after a normal return, {@code 1} after
 * an uncaught exception (whose stack trace the child printed), the value given to
 * {@code System.exit}, or minus the signal number when a signal ended it ({@code -15} after
 * {@link ChildProcess#terminate()}, {@code -9} after {@link ChildProcess#kill()}).
 *
 * <p>The JDK reports a death by signal N as status 128 + N, the way a shell does, so a child
 * that itself calls {@code System.exit(129)} to {@code System.exit(192)} is reported as a signal
 * too. Use exit statuses below 128.
 */
public final class ExitCodes {

    /** The target returned normally. */
    public static final int SUCCESS = 0;
    /** The target threw. */
    public static final int UNCAUGHT_EXCEPTION = 1;
    /** The exit code after {@link ChildProcess#terminate()} (SIGTERM). */
    public static final int TERMINATED = -15;
    /** The exit code after {@link ChildProcess#kill()} (SIGKILL). */
    public static final int KILLED = -9;

    private static final int SIGNAL_BASE = 128;
    private static final int MAX_SIGNAL = 64;

    private ExitCodes() {
    }

    /**
     * @param status the status the JDK reports for a finished process
     * @return the Python-style exit code
     */
    public static int fromStatus(int status) {
        if (status > SIGNAL_BASE && status <= SIGNAL_BASE + MAX_SIGNAL) {
            return -(status - SIGNAL_BASE);
        }
        return status;
    }
}
