package io.github.mp4j.pool.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Kills the worker whose running task started longer than the task timeout ago; the
 * {@link Supervisor} then fails that task with a timeout and replaces the worker. A task's start
 * is known to within a watchdog period: worker JVMs report the task they run (and so a chunk's
 * progress) by themselves, thread workers are sampled here.
 */
final class TimeoutWatchdog implements Runnable {

    private final Scheduler scheduler;
    private final long timeout;
    private final BooleanSupplier poolDone;

    /**
     * @param timeoutNanos the task timeout, positive
     * @param poolDone whether the pool is closed and its workers gone: the watchdog then stops
     */
    TimeoutWatchdog(Scheduler scheduler, long timeoutNanos, BooleanSupplier poolDone) {
        this.scheduler = scheduler;
        this.timeout = timeoutNanos;
        this.poolDone = poolDone;
    }

    @Override
    public void run() {
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(5), Math.min(timeout / 4, TimeUnit.MILLISECONDS.toNanos(100)));
        while (!poolDone.getAsBoolean()) {
            long now = System.nanoTime();
            for (RunningChunk running : scheduler.running()) {
                check(running.worker(), running.chunk(), now);
            }
            LockSupport.parkNanos(period);
        }
    }

    private void check(Worker worker, Chunk chunk, long now) {
        worker.sample(chunk, now);
        if (worker.timedOut == null && now - chunk.taskStartedNanos > timeout) {
            worker.timedOut = chunk;
            worker.kill();
        }
    }
}
