package io.github.mp4j.manager;

import java.time.Duration;

/** A flag held by a {@link Manager} that threads of any process wait for (Python's {@code manager.Event()}). */
public interface ManagedEvent {

    /** Sets the flag and wakes every waiter. */
    void set();

    /** Lowers the flag. */
    void clear();

    /** @return whether the flag is set */
    boolean isSet();

    /** Waits until the flag is set. */
    void await();

    /**
     * @param timeout the longest wait
     * @return whether the flag is set
     */
    boolean await(Duration timeout);
}
