package io.github.mp4j.pool.internal;

import java.util.List;

/** The pool as its workers see it: each {@link WorkerSink} method handed to the part that owns it. */
final class PoolSide implements WorkerSink {

    private final Scheduler scheduler;
    private final Delivery delivery;
    private final Counters counters;
    private final Supervisor supervisor;

    PoolSide(Scheduler scheduler, Delivery delivery, Counters counters, Supervisor supervisor) {
        this.scheduler = scheduler;
        this.delivery = delivery;
        this.counters = counters;
        this.supervisor = supervisor;
    }

    @Override
    public Runnable guarded(Runnable loop) {
        return supervisor.guarded(loop);
    }

    @Override
    public List<Chunk> take(Worker worker) {
        return scheduler.take(worker);
    }

    @Override
    public void ready(Worker worker) {
        supervisor.ready(worker);
    }

    @Override
    public Chunk chunkFinished(Worker worker, long chunkId, long nanos) {
        return scheduler.completed(worker, chunkId, nanos);
    }

    @Override
    public Chunk chunkProgressed(Worker worker, long chunkId, int done, long runningNanos) {
        return scheduler.progressed(worker, chunkId, done, runningNanos);
    }

    @Override
    public void results(Chunk part, Object[] results, long nanos, long[] taskNanos, boolean early) {
        delivery.results(part, results, nanos, taskNanos, early);
    }

    @Override
    public void longResults(Chunk part, long[] results, long nanos, long[] taskNanos, boolean early) {
        delivery.longResults(part, results, nanos, taskNanos, early);
    }

    @Override
    public boolean timesTasks() {
        return delivery.timesTasks();
    }

    @Override
    public void initializerFailed(Worker worker, Throwable error) {
        supervisor.initializerFailed(worker, error);
    }

    @Override
    public void exited(Worker worker, int exitCode) {
        supervisor.exited(worker, exitCode);
    }

    @Override
    public void threadFailed(Throwable cause) {
        supervisor.threadFailed(cause);
    }

    @Override
    public boolean stopsWorkers() {
        return supervisor.stopsWorkers();
    }

    @Override
    public void sent(long bytes) {
        counters.bytesSent.add(bytes);
    }

    @Override
    public void received(long bytes) {
        counters.bytesReceived.add(bytes);
    }
}
