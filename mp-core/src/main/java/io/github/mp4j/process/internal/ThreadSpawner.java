package io.github.mp4j.process.internal;

import io.github.mp4j.function.SerializableRunnable;
import io.github.mp4j.process.ExitCodes;
import io.github.mp4j.process.JvmOptions;
import io.github.mp4j.runtime.ProcessInfo;
import java.util.concurrent.CompletableFuture;

/**
 * Starts a child as a thread of this JVM ({@link io.github.mp4j.runtime.StartMethod#THREADS}, as
 * Python's {@code multiprocessing.dummy}). The target runs as it is, without being serialized;
 * JVM options and output prefixes do not apply.
 */
final class ThreadSpawner implements Spawner {

    static final ThreadSpawner INSTANCE = new ThreadSpawner();

    private ThreadSpawner() {
    }

    @Override
    public Popen spawn(SerializableRunnable target, ProcessInfo child, JvmOptions options, String outputPrefix) {
        ThreadPopen popen = new ThreadPopen(target, child);
        popen.thread.start();
        return popen;
    }

    /**
     * A child thread. Its exit code is {@link ExitCodes#SUCCESS} after a normal return and
     * {@link ExitCodes#UNCAUGHT_EXCEPTION} after an exception, which is logged as a child JVM
     * prints it (unless the thread was asked to stop). A thread cannot be stopped from outside:
     * {@link #terminate()} and {@link #kill()} interrupt it, and once it ends its exit code is
     * {@link ExitCodes#TERMINATED} or {@link ExitCodes#KILLED}, whatever the target did, as for a
     * signalled process.
     */
    private static final class ThreadPopen implements Popen {

        private static final System.Logger LOG = System.getLogger(ThreadPopen.class.getName());
        private static final long PID = ProcessHandle.current().pid();

        private final CompletableFuture<Integer> exit = new CompletableFuture<>();
        private final Thread thread;
        /** The code a terminate or kill asked for, or {@link ExitCodes#SUCCESS} if none did. */
        private volatile int stopCode = ExitCodes.SUCCESS;

        ThreadPopen(SerializableRunnable target, ProcessInfo child) {
            this.thread = new Thread(() -> run(target, child.name()), child.name());
            // a non-daemon child keeps this JVM alive until it ends, as Python waits for one
            thread.setDaemon(child.daemon());
        }

        private void run(SerializableRunnable target, String name) {
            int code = ExitCodes.UNCAUGHT_EXCEPTION;
            try {
                target.run();
                code = ExitCodes.SUCCESS;
            } catch (Throwable t) {
                if (stopCode == ExitCodes.SUCCESS) {
                    // a stopped thread's exception is how it obeyed, as a signalled JVM prints nothing
                    LOG.log(System.Logger.Level.ERROR, "process " + name + " (a thread) failed", t);
                }
            } finally {
                int stop = stopCode;
                exit.complete(stop != ExitCodes.SUCCESS ? stop : code);
            }
        }

        @Override
        public long pid() {
            return PID;
        }

        @Override
        public CompletableFuture<Integer> onExit() {
            return exit;
        }

        @Override
        public void terminate() {
            stop(ExitCodes.TERMINATED);
        }

        @Override
        public void kill() {
            stop(ExitCodes.KILLED);
        }

        private synchronized void stop(int code) {
            if (!exit.isDone()) {
                if (stopCode != ExitCodes.KILLED) {
                    stopCode = code;
                }
                thread.interrupt();
            }
        }

        @Override
        public void close() {
            // a thread holds nothing the parent must release
        }
    }
}
