package io.github.mp4j.queue.internal;

import java.util.concurrent.CancellationException;

/** The owner's direct access to its queue's items. */
final class LocalQueue implements QueueBackend {

    private final QueueState state;

    LocalQueue(QueueState state) {
        this.state = state;
    }

    @Override
    public boolean put(byte[] item, long timeoutNanos) {
        try {
            return state.put(item, timeoutNanos);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    @Override
    public boolean putBytes(byte[] value, long timeoutNanos) {
        try {
            return state.put(new RawBytes(value.clone()), timeoutNanos);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    @Override
    public Object take(long timeoutNanos) {
        try {
            return state.take(timeoutNanos);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    @Override
    public int size() {
        return state.size();
    }

    @Override
    public void taskDone() {
        state.taskDone();
    }

    @Override
    public boolean join(long timeoutNanos) {
        try {
            return state.join(timeoutNanos);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    @Override
    public void close() {
        // the items stay: other processes may still use the queue
    }

    static CancellationException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        CancellationException cancelled = new CancellationException("interrupted while waiting on a queue");
        cancelled.initCause(e);
        return cancelled;
    }
}
