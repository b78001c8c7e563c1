package io.github.mp4j.manager;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A condition variable held by a {@link Manager} (Python's {@code manager.Condition()}) over a
 * {@link ManagedLock} of the same manager ({@link #lock()}). Every method but {@link #lock()} must
 * be called holding that lock. {@code await} releases it, waits for a signal, and takes it again.
 */
public interface ManagedCondition {

    /** @return the lock this condition waits with */
    ManagedLock lock();

    /** Waits until signalled; the lock is released meanwhile and held again on return. */
    void await();

    /**
     * @param timeout the longest wait
     * @return {@code false} if the time ran out before a signal
     */
    boolean await(Duration timeout);

    /** Wakes one waiter, if any. */
    void signal();

    /**
     * @param count how many waiters to wake at most
     * @return how many were woken
     */
    int signal(int count);

    /** @return how many waiters were woken */
    int signalAll();

    /**
     * Waits until the predicate, evaluated in the calling process holding the lock, is true
     * (Python's {@code wait_for}).
     *
     * @param predicate what to wait for
     * @param timeout the longest wait overall
     * @return the predicate's last value
     */
    default boolean awaitFor(BooleanSupplier predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean result = predicate.getAsBoolean();
        while (!result) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            await(Duration.ofNanos(left));
            result = predicate.getAsBoolean();
        }
        return true;
    }

    /**
     * Waits without a time limit until the predicate is true.
     *
     * @param predicate what to wait for, evaluated in the calling process holding the lock
     */
    default void awaitFor(BooleanSupplier predicate) {
        while (!predicate.getAsBoolean()) {
            await();
        }
    }
}
