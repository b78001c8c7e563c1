package io.github.mp4j.sync;

import io.github.mp4j.sync.internal.SyncSegment;
import io.github.mp4j.sync.internal.WaitList;
import io.github.mp4j.sync.internal.Waker;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A condition variable shared by processes and threads, as Python's
 * {@code multiprocessing.Condition}, over a {@link Lock} or {@link RLock} (an {@code RLock} by
 * default). Java reserves {@code wait}/{@code notify}, so the names are {@code java.util.concurrent}'s:
 *
 * <table>
 *   <caption>Python and mp4j</caption>
 *   <tr><th>Python</th><th>mp4j</th></tr>
 *   <tr><td>{@code wait(timeout)}</td><td>{@link #await()}, {@link #await(Duration)}</td></tr>
 *   <tr><td>{@code wait_for(predicate, timeout)}</td>
 *       <td>{@link #awaitFor(BooleanSupplier)}, {@link #awaitFor(BooleanSupplier, Duration)}</td></tr>
 *   <tr><td>{@code notify(n)}</td><td>{@link #signal()}, {@link #signal(int)}</td></tr>
 *   <tr><td>{@code notify_all()}</td><td>{@link #signalAll()}</td></tr>
 * </table>
 *
 * <p>Every method must be called holding the lock. A waiter takes a slot in the condition's
 * {@link WaitList} (tag 1: waiting) <em>before</em> it releases the lock, so a signal made under
 * the lock after that always finds it; {@code signal(n)} turns up to {@code n} waiting slots to
 * tag 2 (signalled) and wakes their threads, which then re-acquire the lock. Slots are taken in
 * no particular order, so neither are waiters woken in arrival order. A waiter whose process
 * died is skipped and does not use up a signal. At most 64 threads may wait on one condition.
 * Re-acquiring the lock after a wait can throw {@link OwnerDiedException} like any acquire (the
 * waiter then holds the lock).
 */
public final class Condition extends Primitive {

    private static final long WAITING = 1;
    private static final long SIGNALLED = 2;
    private static final long GONE = 3;

    private final Lockable lock;

    private Condition(WaitList state, Lockable lock) {
        super(state, SyncSegment.Kind.CONDITION);
        this.lock = lock;
    }

    /**
     * @param lock the lock it waits with, travelling with it
     * @return a new condition in a shared-memory file of its own
     */
    public static Condition create(Lockable lock) {
        return new Condition(SyncSegment.create(SyncSegment.Kind.CONDITION, 0), lock);
    }

    /** @return the lock: acquire it (or use {@link #hold()}) around every call */
    public Lockable lock() {
        return lock;
    }

    /** @return the lock, held: {@code try (var held = condition.hold()) { ... }} */
    public Lockable.Held hold() {
        return lock.hold();
    }

    /** Releases the lock, waits for a signal, and acquires the lock again. */
    public void await() {
        awaitUntil(Long.MAX_VALUE);
    }

    /**
     * @param timeout the longest to wait for a signal
     * @return whether it was signalled (else it timed out); the lock is held again either way
     */
    public boolean await(Duration timeout) {
        return awaitUntil(deadline(timeout));
    }

    /**
     * Waits until {@code predicate} holds, tested under the lock (Python's {@code wait_for}).
     *
     * @param predicate what to wait for
     */
    public void awaitFor(BooleanSupplier predicate) {
        while (!predicate.getAsBoolean()) {
            await();
        }
    }

    /**
     * @param predicate what to wait for, tested under the lock
     * @param timeout the longest to wait
     * @return the predicate's last value
     */
    public boolean awaitFor(BooleanSupplier predicate, Duration timeout) {
        long deadline = deadline(timeout);
        boolean result = predicate.getAsBoolean();
        while (!result && deadline - System.nanoTime() > 0) {
            awaitUntil(deadline);
            result = predicate.getAsBoolean();
        }
        return result;
    }

    private boolean awaitUntil(long deadline) {
        requireHeld();
        WaitList state = state();
        long ticket = Waker.expect();
        int slot = state.register(ticket, WAITING);
        if (slot < 0) {
            Waker.forget(ticket);
            throw WaitList.full("Condition");
        }
        long saved = saveAndRelease();
        boolean signalled = false;
        boolean finished = false;
        try {
            signalled = state.parkUntil(p -> state.tag(slot) == SIGNALLED, deadline, slot, "a Condition");
            if (!signalled && !state.casTag(slot, WAITING, GONE)) {
                signalled = true; // signalled as the deadline passed
            }
            finished = true;
            return signalled;
        } finally {
            boolean lostSignal = !finished && !state.casTag(slot, WAITING, GONE);
            state.deregister(slot, ticket);
            Waker.forget(ticket);
            restore(saved);
            if (lostSignal) {
                signal(1); // interrupted after a signal: pass it on rather than lose it
            }
        }
    }

    /** Wakes one waiter, if any. */
    public void signal() {
        signal(1);
    }

    /**
     * @param count the most waiters to wake
     * @return how many were woken
     */
    public int signal(int count) {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("signal on " + this + " without holding its lock " + lock
                    + "; acquire the lock first");
        }
        WaitList state = state();
        int woken = 0;
        for (int slot = 0; slot < state.slots() && woken < count; slot++) {
            long ticket = state.ticket(slot);
            if (ticket != 0 && state.tag(slot) == WAITING && state.casTag(slot, WAITING, SIGNALLED)) {
                if (state.wakeSlot(slot, ticket)) {
                    woken++;
                }
            }
        }
        return woken;
    }

    /** @return how many were woken: every waiter */
    public int signalAll() {
        return signal(Integer.MAX_VALUE);
    }

    private void requireHeld() {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("wait on " + this + " without holding its lock " + lock
                    + "; acquire the lock first");
        }
    }

    private long saveAndRelease() {
        return lock instanceof RLock r ? r.saveAndRelease() : ((Lock) lock).saveAndRelease();
    }

    private void restore(long saved) {
        if (lock instanceof RLock r) {
            r.restore(saved);
        } else {
            ((Lock) lock).restore(saved);
        }
    }
}
