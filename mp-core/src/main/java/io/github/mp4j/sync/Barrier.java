package io.github.mp4j.sync;

import io.github.mp4j.function.SerializableRunnable;
import io.github.mp4j.sync.internal.OwnerToken;
import io.github.mp4j.sync.internal.SyncSegment;
import io.github.mp4j.sync.internal.WaitList;
import io.github.mp4j.sync.internal.Waker;
import java.time.Duration;

/**
 * A barrier for a fixed number of parties in any processes and threads, as Python's
 * {@code multiprocessing.Barrier}: each party's {@link #await()} blocks until all
 * {@link #parties()} have called it, then all return; the barrier is then ready for the next
 * round. Made by {@code Mp.barrier(n)} or {@code Mp.barrier(n, action)}; travels to other
 * processes as its file's name (and its action).
 *
 * <p>The barrier <b>breaks</b> ({@link BrokenBarrierException} in every party waiting and in
 * every later {@code await} until {@link #reset()}) when a party's wait times out, when
 * {@link #abort()} is called, when the action throws, and when a process dies while one of its
 * threads waits at the barrier (noticed within about 250 ms by the other waiters). A party that
 * dies <em>before</em> reaching the barrier cannot be told from a slow one: give
 * {@code await} a timeout where that can happen.
 *
 * <p>State ({@link WaitList}'s layout; the header's parameter is the number of parties):
 * <pre>
 * word  bit 63       broken
 *       bits 62..32  generation (the round; +1 each time the barrier opens or is reset)
 *       bits 31..0   parties arrived in this round
 * aux   generation + 1 of the last round that was reset (its waiters throw, not return)
 * slot tag: generation + 1 the waiter waits in (to find dead waiting parties of this round);
 *       a party takes its slot before it arrives, so one killed just after arriving is found too
 *       (the tag is set right after the arrival; a party killed between the two is not)
 * </pre>
 */
public final class Barrier extends Primitive {

    private static final long BROKEN = 1L << 63;
    private static final long GENERATION_MASK = (1L << 31) - 1;
    private static final long COUNT_MASK = 0xFFFF_FFFFL;

    private final SerializableRunnable action;

    private Barrier(WaitList state, SerializableRunnable action) {
        super(state, SyncSegment.Kind.BARRIER);
        this.action = action;
    }

    /**
     * @param parties how many parties must arrive, {@code >= 1}
     * @param action run by the last party to arrive before any is released, or {@code null}
     * @return a new barrier in a shared-memory file of its own
     */
    public static Barrier create(int parties, SerializableRunnable action) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1, was " + parties);
        }
        return new Barrier(SyncSegment.create(SyncSegment.Kind.BARRIER, parties), action);
    }

    /**
     * Waits until every party has arrived.
     *
     * @return this party's arrival index, 0 to {@code parties - 1} ({@code parties - 1}: the last,
     *     which ran the action)
     * @throws BrokenBarrierException if the barrier is or becomes broken
     */
    public int await() {
        return awaitUntil(Long.MAX_VALUE);
    }

    /**
     * @param timeout the longest to wait; when it passes, the barrier breaks
     * @return this party's arrival index
     * @throws BrokenBarrierException if the barrier is or becomes broken, by this timeout too
     */
    public int await(Duration timeout) {
        return awaitUntil(deadline(timeout));
    }

    private int awaitUntil(long deadline) {
        WaitList state = state();
        // registered before arriving, so that a party killed right after it arrived is in the table
        long ticket = Waker.expect();
        int slot = state.register(ticket, 0);
        try {
            return arriveAndWait(state, slot, deadline);
        } finally {
            state.deregister(slot, ticket);
            Waker.forget(ticket);
        }
    }

    private int arriveAndWait(WaitList state, int slot, long deadline) {
        long arrived;
        while (true) {
            arrived = state.word();
            if ((arrived & BROKEN) != 0) {
                throw new BrokenBarrierException(this + " is broken; reset() it to use it again");
            }
            if (state.casWord(arrived, arrived + 1)) {
                break;
            }
        }
        long generation = generation(arrived);
        int index = (int) (arrived & COUNT_MASK);
        if (index + 1 == parties()) {
            open(state, generation);
            return index;
        }
        if (slot >= 0) {
            state.casTag(slot, 0, generation + 1);
        }
        boolean opened = state.parkUntil(afterPark -> roundOver(state, generation, afterPark), deadline, slot,
                "a Barrier");
        if (!opened) {
            breakRound(state, generation);
            throw new BrokenBarrierException(this + " broke: this party timed out waiting for the others");
        }
        long now = state.word();
        if (generation(now) == generation) {
            throw new BrokenBarrierException(this + " broke while this party waited (aborted, timed out, failed"
                    + " action, or a waiting party's process died)");
        }
        if (state.aux() == generation + 1) {
            throw new BrokenBarrierException(this + " was reset while this party waited");
        }
        return index;
    }

    private void open(WaitList state, long generation) {
        if (action != null) {
            try {
                action.run();
            } catch (RuntimeException | Error e) {
                breakRound(state, generation);
                throw e;
            }
        }
        state.setWord(((generation + 1) & GENERATION_MASK) << 32);
        state.wakeAll();
    }

    private boolean roundOver(WaitList state, long generation, boolean afterPark) {
        long now = state.word();
        if (generation(now) != generation || (now & BROKEN) != 0) {
            return true;
        }
        if (afterPark && waitingPartyDied(state, generation)) {
            breakRound(state, generation);
            return true;
        }
        return false;
    }

    private static boolean waitingPartyDied(WaitList state, long generation) {
        for (int slot = 0; slot < state.slots(); slot++) {
            long ticket = state.ticket(slot);
            if (ticket != 0 && state.tag(slot) == generation + 1 && OwnerToken.isProcessDead(Waker.pid(ticket))) {
                return true;
            }
        }
        return false;
    }

    private static void breakRound(WaitList state, long generation) {
        while (true) {
            long now = state.word();
            if (generation(now) != generation || (now & BROKEN) != 0 || state.casWord(now, now | BROKEN)) {
                break;
            }
        }
        state.wakeAll();
    }

    /** Breaks the barrier: every waiting and later {@code await} throws until {@link #reset()}. */
    public void abort() {
        WaitList state = state();
        breakRound(state, generation(state.word()));
    }

    /** Returns the barrier to its empty state; parties waiting now get {@link BrokenBarrierException}. */
    public void reset() {
        WaitList state = state();
        long generation = generation(state.word());
        state.setAux(generation + 1);
        state.setWord(((generation + 1) & GENERATION_MASK) << 32);
        state.wakeAll();
    }

    /** @return how many parties must arrive */
    public int parties() {
        return (int) SyncSegment.parameter(state());
    }

    /** @return how many parties wait now (0 when broken) */
    public int waiting() {
        long now = state().word();
        return (now & BROKEN) != 0 ? 0 : (int) (now & COUNT_MASK);
    }

    /** @return whether the barrier is broken */
    public boolean isBroken() {
        return (state().word() & BROKEN) != 0;
    }

    private static long generation(long word) {
        return (word >>> 32) & GENERATION_MASK;
    }
}
