package io.github.mp4j.sync;

import io.github.mp4j.sync.internal.SyncSegment;
import io.github.mp4j.sync.internal.WaitList;
import java.time.Duration;

/**
 * A flag that processes and threads wait for, as Python's {@code multiprocessing.Event}:
 * {@link #set()} wakes every waiter in every process, {@link #clear()} lowers it again. Made by
 * {@code Mp.event()}; travels to other processes as its file's name.
 *
 * <p>State ({@link WaitList}'s layout): the word is 1 when set, 0 when clear. What a thread
 * wrote before {@code set} is seen by every thread whose {@code wait} returns {@code true}
 * because of it.
 */
public final class Event extends Primitive {

    private Event(WaitList state) {
        super(state, SyncSegment.Kind.EVENT);
    }

    /** @return a new, clear event in a shared-memory file of its own */
    public static Event create() {
        return new Event(SyncSegment.create(SyncSegment.Kind.EVENT, 0));
    }

    /** Sets the flag and wakes every waiter. */
    public void set() {
        WaitList state = state();
        state.setWord(1);
        state.wakeAll();
    }

    /** Clears the flag: later waits block until the next {@link #set()}. */
    public void clear() {
        state().setWord(0);
    }

    /** @return whether the flag is set */
    public boolean isSet() {
        return state().word() != 0;
    }

    /** Waits until the flag is set. */
    public void await() {
        waitUntil(Long.MAX_VALUE);
    }

    /**
     * @param timeout the longest to wait
     * @return whether the flag is set (Python's {@code wait(timeout)})
     */
    public boolean await(Duration timeout) {
        return waitUntil(deadline(timeout));
    }

    private boolean waitUntil(long deadline) {
        WaitList state = state();
        return state.await(afterPark -> state.word() != 0, deadline, 0, "an Event");
    }
}
