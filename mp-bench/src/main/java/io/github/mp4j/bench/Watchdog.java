package io.github.mp4j.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Aborts the suite when one step hangs, as {@code faulthandler.dump_traceback_later(exit=True)}
 * in the Python suite: it prints every thread's stack to stderr and exits with status 3. A hang
 * is a bug to diagnose, and the stacks say where it is.
 */
final class Watchdog implements AutoCloseable {

    /** Python's {@code WATCHDOG_S}. */
    static final Duration LIMIT = Duration.ofSeconds(300);
    private static final int HUNG = 3;
    private static final Duration EXIT_GRACE = Duration.ofSeconds(10);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "mp-bench-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    /** A pending abort; cancel it when the step finished. */
    @FunctionalInterface
    interface Alarm {
        void cancel();
    }

    /**
     * @param step what is about to run
     * @return the alarm, to cancel when the step finished
     */
    Alarm arm(String step) {
        ScheduledFuture<?> alarm = timer.schedule(() -> abort(step), LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        return () -> alarm.cancel(false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private static void abort(String step) {
        System.err.println("mp-bench: " + step + " did not finish within " + LIMIT.toSeconds() + " s; thread dump:");
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            System.err.println("\"" + entry.getKey().getName() + "\" " + entry.getKey().getState());
            for (StackTraceElement frame : entry.getValue()) {
                System.err.println("    at " + frame);
            }
        }
        System.err.flush();
        // exit (not halt) so mp4j's shutdown hooks stop the children; halt if a hook hangs too
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(EXIT_GRACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(HUNG);
        }, "mp-bench-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(HUNG);
    }
}
