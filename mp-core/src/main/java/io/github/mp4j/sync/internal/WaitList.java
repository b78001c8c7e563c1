package io.github.mp4j.sync.internal;

import io.github.mp4j.MpException;
import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.resource.MappedSegment;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The shared state of one synchronization primitive: two words the primitive defines, and the
 * table of the threads, in any process, that wait for them to change.
 *
 * <pre>
 * base +0    long  word      the primitive's state (a lock's owner token, a semaphore's count ...)
 *      +8    long  aux       a second word (a recursive lock's count, a barrier's reset marker ...)
 *      +16   int   waiting   how many slots are taken (a releaser with 0 here wakes nobody)
 *      +20   int   (unused)
 *      +24   long  (unused)
 *      +32   slot[64], 16 bytes each:
 *              long ticket   0: free; else the waiter's {@link Waker} ticket (its pid and a number)
 *              long tag      what the waiter waits for, the primitive's choice (0 if nothing)
 *      +1056 end ({@link #BYTES})
 * </pre>
 *
 * <p>All accesses are volatile or compare-and-swap, so they order like Java volatiles between
 * threads, across processes too. A waiter first spins (128 pauses, then 4 yields: a few
 * microseconds, about what a short critical section takes), then publishes its ticket, then
 * re-checks the state, then parks; a releaser changes the state, then reads the tickets and wakes them: one of the two
 * always sees the other's write, so no wake-up is lost. A waiter parks for at most
 * {@link #CHECK_NANOS} at a time and re-checks (a dead owner, a deadline) whether or not it was
 * woken; more than 64 waiters do not fail: the ones without a slot re-check every millisecond.
 * A slot left by a dead waiter is freed by the first releaser whose wake-up cannot be delivered.
 */
public final class WaitList {

    /** Bytes a wait list takes; a multiple of 64. */
    public static final int BYTES = 1056;
    /** How often a parked waiter re-checks without being woken. */
    public static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private static final int WORD = 0;
    private static final int AUX = 8;
    private static final int WAITING = 16;
    private static final int SLOTS_AT = 32;
    private static final int SLOTS = 64;
    private static final int SLOT_BYTES = 16;
    private static final int SPINS = 128;
    private static final int YIELDS = 4;
    private static final long OVERFLOW_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final MappedSegment segment;
    private final int base;

    /**
     * @param segment the mapping it lives in; kept reachable by this object
     * @param base where it starts, a multiple of 8
     */
    public WaitList(MappedSegment segment, int base) {
        this.segment = segment;
        this.base = base;
    }

    /** What a waiter tries each time it looks at the state. */
    @FunctionalInterface
    public interface Attempt {
        /**
         * @param afterPark {@code true} once the waiter has parked at least once: time for slow checks
         * @return whether the wait is over
         */
        boolean tryOnce(boolean afterPark);
    }

    /** @return where it starts in {@link #segment()} */
    public int base() {
        return base;
    }

    /** @return the mapping */
    public MappedSegment segment() {
        return segment;
    }

    /** @return the state word */
    public long word() {
        return segment.getLongVolatile(base + WORD);
    }

    /** @param value the new state word */
    public void setWord(long value) {
        segment.setLongVolatile(base + WORD, value);
    }

    /**
     * @param expected what the word must be
     * @param value its new value
     * @return whether it was replaced
     */
    public boolean casWord(long expected, long value) {
        return segment.compareAndSetLong(base + WORD, expected, value);
    }

    /** @return the second word */
    public long aux() {
        return segment.getLongVolatile(base + AUX);
    }

    /** @param value the new second word */
    public void setAux(long value) {
        segment.setLongVolatile(base + AUX, value);
    }

    /**
     * The second word read plainly: for a word only the lock's owner touches (a recursive lock's
     * count), ordered by the volatile accesses to {@link #word()} that pass the ownership on.
     *
     * @return the second word
     */
    public long auxPlain() {
        return segment.getLong(base + AUX);
    }

    /** @param value the new second word, stored plainly (see {@link #auxPlain()}) */
    public void setAuxPlain(long value) {
        segment.putLong(base + AUX, value);
    }

    /** @return whether any thread is registered as waiting */
    public boolean hasWaiters() {
        return segment.getIntVolatile(base + WAITING) > 0;
    }

    /**
     * Waits, spinning briefly and then parking, until {@code attempt} succeeds.
     *
     * @param attempt tried before parking and after each wake-up
     * @param deadline {@link System#nanoTime()} to give up at; {@code Long.MAX_VALUE} for never
     * @param tag stored in the slot for the primitive to read
     * @param what what is awaited, for the interrupt exception
     * @return whether {@code attempt} succeeded (else the deadline passed)
     */
    public boolean await(Attempt attempt, long deadline, long tag, String what) {
        if (attempt.tryOnce(false)) {
            return true;
        }
        for (int i = 0; i < SPINS; i++) {
            Thread.onSpinWait();
            if (attempt.tryOnce(false)) {
                return true;
            }
        }
        for (int i = 0; i < YIELDS; i++) {
            Thread.yield(); // on a busy machine, lets a holder that was preempted finish
            if (attempt.tryOnce(false)) {
                return true;
            }
        }
        long ticket = Waker.expect();
        int slot = register(ticket, tag);
        try {
            return parkUntil(attempt, deadline, slot, what);
        } finally {
            deregister(slot, ticket);
            Waker.forget(ticket);
        }
    }

    /**
     * Registers a waiter that must be visible before it releases something (a condition's lock).
     *
     * @param ticket from {@link Waker#expect()}
     * @param tag stored in the slot
     * @return the slot, or -1 if all are taken
     */
    public int register(long ticket, long tag) {
        for (int slot = 0; slot < SLOTS; slot++) {
            int at = slotAt(slot);
            if (segment.getLongVolatile(at) == 0 && segment.compareAndSetLong(at, 0, ticket)) {
                segment.setLongVolatile(at + 8, tag);
                segment.getAndAddInt(base + WAITING, 1);
                return slot;
            }
        }
        return -1;
    }

    /**
     * Parks a registered waiter until {@code attempt} succeeds.
     *
     * @param attempt tried after each wake-up
     * @param deadline {@link System#nanoTime()} to give up at
     * @param slot from {@link #register}, -1 for none
     * @param what what is awaited, for the interrupt exception
     * @return whether {@code attempt} succeeded
     */
    public boolean parkUntil(Attempt attempt, long deadline, int slot, String what) {
        boolean parked = false;
        while (true) {
            if (attempt.tryOnce(parked)) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            if (Thread.interrupted()) {
                throw new MpInterruptedException(what, new InterruptedException());
            }
            LockSupport.parkNanos(this, Math.min(left, slot < 0 ? OVERFLOW_NANOS : CHECK_NANOS));
            parked = true;
        }
    }

    /**
     * @param slot from {@link #register}, -1 for none
     * @param ticket the ticket registered there
     */
    public void deregister(int slot, long ticket) {
        if (slot >= 0 && segment.compareAndSetLong(slotAt(slot), ticket, 0)) {
            segment.getAndAddInt(base + WAITING, -1);
        }
    }

    /**
     * @param slot a slot
     * @return its tag
     */
    public long tag(int slot) {
        return segment.getLongVolatile(slotAt(slot) + 8);
    }

    /**
     * @param slot a slot
     * @param expected the tag it must have
     * @param value its new tag
     * @return whether it was replaced
     */
    public boolean casTag(int slot, long expected, long value) {
        return segment.compareAndSetLong(slotAt(slot) + 8, expected, value);
    }

    /** @return how many slots there are */
    public int slots() {
        return SLOTS;
    }

    /**
     * @param slot a slot
     * @return its ticket, 0 if free
     */
    public long ticket(int slot) {
        return segment.getLongVolatile(slotAt(slot));
    }

    /**
     * Wakes up to {@code count} waiters, freeing the slots of dead ones.
     *
     * @param count how many
     * @return how many were woken
     */
    public int wake(int count) {
        if (!hasWaiters()) {
            return 0;
        }
        int woken = 0;
        for (int slot = 0; slot < SLOTS && woken < count; slot++) {
            long ticket = ticket(slot);
            if (ticket != 0) {
                if (wakeSlot(slot, ticket)) {
                    woken++;
                }
            }
        }
        return woken;
    }

    /** Wakes every waiter. */
    public void wakeAll() {
        wake(Integer.MAX_VALUE);
    }

    /**
     * @param slot a slot
     * @param ticket its ticket
     * @return whether it was delivered; if not, its process is gone and the slot is freed
     */
    public boolean wakeSlot(int slot, long ticket) {
        if (Waker.wake(ticket)) {
            return true;
        }
        deregister(slot, ticket);
        return false;
    }

    /**
     * @param what what the limit protects, for the message
     * @return an exception for a waiter that found every slot taken where it must have one
     */
    public static MpException full(String what) {
        return new MpException("more than " + SLOTS + " threads wait on one " + what
                + "; use fewer waiters or several " + what + "s");
    }

    private int slotAt(int slot) {
        return base + SLOTS_AT + slot * SLOT_BYTES;
    }
}
