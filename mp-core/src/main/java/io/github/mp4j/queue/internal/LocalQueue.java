package io.github.mp4j.queue.internal;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.runtime.HandleCleaner;
import io.github.mp4j.transport.Handoff;
import java.lang.ref.Cleaner;

/**
 * The owner's direct access to its queue's items. Each handle in the owner holds the queue's
 * {@link QueueRegistration} until it is closed or unreachable.
 */
final class LocalQueue implements QueueBackend {

    /** What a put waits for, as {@link MpInterruptedException} says it. */
    static final String ROOM = "room in the queue";
    /** What a get waits for. */
    static final String AN_ITEM = "an item from the queue";
    /** What a join waits for. */
    static final String ALL_DONE = "every item of the queue to be marked done";

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
            throw new MpInterruptedException(ROOM, e);
        }
    }

    @Override
    public boolean putBytes(byte[] value, long timeoutNanos) {
        try {
            return state.put(new RawBytes(value.clone()), timeoutNanos);
        } catch (InterruptedException e) {
            throw new MpInterruptedException(ROOM, e);
        }
    }

    @Override
    public Object take(long timeoutNanos) {
        try {
            return state.take(timeoutNanos);
        } catch (InterruptedException e) {
            throw new MpInterruptedException(AN_ITEM, e);
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
            throw new MpInterruptedException(ALL_DONE, e);
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
}
