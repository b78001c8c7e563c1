package io.github.mp4j.queue.internal;

import io.github.mp4j.runtime.HandleCleaner;
import io.github.mp4j.transport.Handoff;
import java.lang.ref.Cleaner;
import java.util.concurrent.CancellationException;

/**
 * The owner's direct access to its queue's items. Each handle in the owner holds the queue's
 * {@link QueueRegistration} until it is closed or unreachable.
 */
final class LocalQueue implements QueueBackend {

    private final QueueState state;
    private volatile Cleaner.Cleanable release;

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
    public void releaseWhenUnreachable(Object handle) {
        QueueRegistration registration = state.registration();
        registration.hold();
        release = HandleCleaner.whenUnreachable(handle, registration::release);
    }

    /** A child the handle is sent to holds the registration until it exits; any other recipient pins it. */
    @Override
    public void sending() {
        QueueRegistration registration = state.registration();
        registration.hold();
        if (!Handoff.sent(reason -> registration.release())) {
            registration.pin();
            registration.release();
        }
    }

    /** The items stay as long as other handles, here or in other processes, may still use the queue. */
    @Override
    public void close() {
        release.clean();
    }

    static CancellationException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        CancellationException cancelled = new CancellationException("interrupted while waiting on a queue");
        cancelled.initCause(e);
        return cancelled;
    }
}
