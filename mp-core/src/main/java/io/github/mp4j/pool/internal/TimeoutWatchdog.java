package io.github.mp4j.pool.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Kills the worker whose running task started longer ago than its call's task timeout (the
 * pool's, or the call's own); the {@link Supervisor} then fails that task with a timeout and
 * replaces the worker. A task's start is known to within a watchdog period: worker JVMs report
 * the task they run (and so a chunk's progress) by themselves, thread workers are sampled here.
 * The watchdog starts with the first call that has a task timeout, and looks as often as the
 * shortest timeout seen needs.
 */
final class TimeoutWatchdog implements Runnable {

    private static final long MIN_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long MAX_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Scheduler scheduler;
    private final BooleanSupplier poolDone;
    /** Guarded by this; 0 until a timeout is watched. */
    private long period;

    /**
     * @param poolDone whether the pool is closed and its workers gone: the watchdog then stops
     */
    TimeoutWatchdog(Scheduler scheduler, BooleanSupplier poolDone) {
        this.scheduler = scheduler;
        this.poolDone = poolDone;
    }

    /**
     * Makes the watchdog look often enough for this timeout.
     *
     * @param timeoutNanos a task timeout, positive
     * @return whether this is the first timeout watched: the caller starts the watchdog's thread
     */
    synchronized boolean watch(long timeoutNanos) {
        long needed = Math.max(MIN_PERIOD_NANOS, Math.min(timeoutNanos / 4, MAX_PERIOD_NANOS));
        boolean first = period == 0;
        if (first || needed < period) {
            period = needed;
        }
        return first;
    }

    private synchronized long period() {
        return period;
    }

    @Override
    public void run() {
        while (!poolDone.getAsBoolean()) {
            long now = System.nanoTime();
            for (RunningChunk running : scheduler.running()) {
                check(running.worker(), running.chunk(), now);
            }
            LockSupport.parkNanos(period());
        }
    }

    private void check(Worker worker, Chunk chunk, long now) {
        long timeout = chunk.call.settings.taskTimeoutNanos();
        if (timeout <= 0) {
            return;
        }
        worker.sample(chunk, now);
        if (worker.timedOut == null && now - chunk.taskStartedNanos > timeout) {
            worker.timedOut = chunk;
            worker.kill();
        }
    }
}
