package io.github.mp4j.pool.internal;

import io.github.mp4j.pool.PoolMetrics;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The pool's counters, and the gauges the scheduler computes on demand. */
final class Counters implements PoolMetrics {

    final LongAdder completed = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder retried = new LongAdder();
    final LongAdder timedOut = new LongAdder();
    final LongAdder started = new LongAdder();
    final LongAdder crashed = new LongAdder();
    final LongAdder recycled = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder taskNanos = new LongAdder();
    final LongAdder calls = new LongAdder();
    final AtomicInteger alive = new AtomicInteger();
    private final Scheduler scheduler;

    Counters(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public long tasksPending() {
        return scheduler.tasksPending();
    }

    @Override
    public long tasksInFlight() {
        return scheduler.tasksInFlight();
    }

    @Override
    public long tasksCompleted() {
        return completed.sum();
    }

    @Override
    public long tasksFailed() {
        return failed.sum();
    }

    @Override
    public long tasksRetried() {
        return retried.sum();
    }

    @Override
    public long tasksTimedOut() {
        return timedOut.sum();
    }

    @Override
    public long callsInFlight() {
        return calls.sum();
    }

    @Override
    public int workersAlive() {
        return alive.get();
    }

    @Override
    public int workersBusy() {
        return scheduler.workersBusy();
    }

    @Override
    public long workersStarted() {
        return started.sum();
    }

    @Override
    public long workersCrashed() {
        return crashed.sum();
    }

    @Override
    public long workersRecycled() {
        return recycled.sum();
    }

    @Override
    public long bytesSent() {
        return bytesSent.sum();
    }

    @Override
    public long bytesReceived() {
        return bytesReceived.sum();
    }

    @Override
    public long taskNanosTotal() {
        return taskNanos.sum();
    }
}
