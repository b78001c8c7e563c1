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
    /** The exit status of a child whose parent went away first (it never outlives its parent). */
    public static final int ORPHANED = 2;
    /**
     * The exit status of a JVM run with {@code -XX:+ExitOnOutOfMemoryError}, as pool workers are;
     * a task's {@code System.exit(3)} gives it too (pool workers tell the two apart).
     */
    public static final int OUT_OF_MEMORY = 3;
    /** Stands for an exit code that could not be learned (the process could not be started or waited for). */
    public static final int UNKNOWN = Integer.MIN_VALUE;

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

    /**
     * Says how a process ended, to complete a sentence such as "worker w-1 (pid 42) ...".
     *
     * @param exitCode a Python-style exit code, or {@link #UNKNOWN}
     * @return for example "was killed by signal 9 (SIGKILL)" or "exited with code 7"
     */
    public static String describe(int exitCode) {
        if (exitCode == UNKNOWN) {
            return "stopped (exit status unknown)";
        }
        if (exitCode < 0) {
            return "was killed by signal " + (-exitCode) + (exitCode == KILLED ? " (SIGKILL)"
                    : exitCode == TERMINATED ? " (SIGTERM)" : "");
        }
        if (exitCode == OUT_OF_MEMORY) {
            return "ran out of memory (an OutOfMemoryError stopped its JVM; give the workers a larger heap with"
                    + " JvmOptions.maxHeap, i.e. -Xmx, or mp.jvm.max-heap in Spring Boot)";
        }
        return "exited with code " + exitCode;
    }
}
