package io.github.mp4j.process.internal;

import io.github.mp4j.process.ExitCodes;
import io.github.mp4j.runtime.CurrentProcess;
import io.github.mp4j.runtime.ExitSequence;
import io.github.mp4j.serial.ObjectCodec;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The entry point of every child JVM. It reads its {@link Bootstrap} from standard input, becomes
 * the process its parent described, runs the target and exits with Python's exit codes. It never
 * runs the user's {@code main}, so no entry-point guard is needed.
 *
 * <p>A thread checks every {@value #PARENT_POLL_MILLIS} ms that the parent is still alive: when it
 * exits or is killed, this JVM exits too, so children never outlive their parent.
 */
public final class WorkerMain {

    /**
     * What goes wrong in a child before or around its target: by default {@code java.util.logging}
     * writes it to the child's standard error, which the parent relays like the rest of its output.
     * Made on first use: System.getLogger starts java.util.logging, which a child pays for only if it logs.
     */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(WorkerMain.class.getName());
    }

    /** Exit status when the parent went away first. */
    static final int ORPHANED = ExitCodes.ORPHANED;
    private static final long ORPHAN_GRACE_MILLIS = 3_000;
    private static final long PARENT_POLL_MILLIS = 200;

    private WorkerMain() {
    }

    /**
     * @param args ignored; everything arrives on standard input
     */
    public static void main(String[] args) {
        InputStream stdin = new BufferedInputStream(System.in, 1 << 16);
        Bootstrap bootstrap;
        try {
            bootstrap = Bootstrap.read(new DataInputStream(stdin));
        } catch (IOException e) {
            Log.LOG.log(System.Logger.Level.ERROR, "this JVM was not started correctly by its parent: {0}", e.getMessage());
            System.exit(ORPHANED);
            return;
        }
        CurrentProcess.initializeChild(bootstrap.child(), bootstrap.parent(), bootstrap.authKey());
        watchParent(bootstrap.parent().pid());
        System.exit(run(bootstrap));
    }

    private static int run(Bootstrap bootstrap) {
        String name = bootstrap.child().name();
        Runnable target;
        try {
            target = (Runnable) ObjectCodec.decode(bootstrap.target());
        } catch (RuntimeException e) {
            Log.LOG.log(System.Logger.Level.ERROR, "Process " + name + ": cannot decode its target: " + e.getMessage(), e);
            return ExitCodes.UNCAUGHT_EXCEPTION;
        }
        int code = ExitCodes.SUCCESS;
        try {
            target.run();
        } catch (Throwable t) {
            Log.LOG.log(System.Logger.Level.ERROR, "Process " + name + ": its target threw", t);
            code = ExitCodes.UNCAUGHT_EXCEPTION;
        }
        ExitSequence.flushNow();
        ClassDataSharing.preloadIfDumping();
        flushOwnOutput();
        return code;
    }

    /** What the target printed is the user's output, which the parent relays: none of it may be lost at exit. */
    @SuppressWarnings("checkstyle:NoConsolePrint")
    private static void flushOwnOutput() {
        System.out.flush();
        System.err.flush();
    }

    /**
     * Polls whether the parent is still this process's parent: when it exits or is killed, the
     * child is re-parented and exits too. A sleeping thread, unlike one blocked reading standard
     * input, does not hold up this JVM's own exit (JDK 17 waits up to 300 ms for threads in native
     * code).
     */
    private static void watchParent(long parentPid) {
        Thread watcher = new Thread(() -> {
            while (ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) == parentPid) {
                try {
                    Thread.sleep(PARENT_POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            exitBecauseParentIsGone();
        }, "mp4j-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void exitBecauseParentIsGone() {
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(ORPHAN_GRACE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(ORPHANED);
        }, "mp4j-orphan-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(ORPHANED);
    }
}
