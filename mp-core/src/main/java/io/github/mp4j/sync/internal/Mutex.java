package io.github.mp4j.sync.internal;

/**
 * Mutual exclusion on a {@link WaitList}'s word: 0 when free, else the owner's
 * {@link OwnerToken}. Taking it is one compare-and-swap from 0 to the caller's token; a waiter
 * that has parked at least once also checks whether the owner's process is dead, and if so
 * swaps the dead owner's token for its own: only one waiter can win that swap.
 */
public final class Mutex {

    /** What {@link #acquire} returns when the deadline passed. */
    public static final long TIMED_OUT = -1;
    /** What {@link #acquire} returns when the lock was free. */
    public static final long ACQUIRED = 0;

    private Mutex() {
    }

    /**
     * @param state the lock's state
     * @param deadline {@link System#nanoTime()} to give up at
     * @param what the lock, for an interrupt's message
     * @return {@link #ACQUIRED}, {@link #TIMED_OUT}, or the pid of the dead owner it was taken from
     */
    public static long acquire(WaitList state, long deadline, String what) {
        return acquire(state, OwnerToken.current(), deadline, what);
    }

    /**
     * As {@link #acquire(WaitList, long, String)}, for a caller that has its token at hand.
     *
     * @param state the lock's state
     * @param me the calling thread's {@link OwnerToken#current()}
     * @param deadline {@link System#nanoTime()} to give up at
     * @param what the lock, for an interrupt's message
     * @return {@link #ACQUIRED}, {@link #TIMED_OUT}, or the pid of the dead owner it was taken from
     */
    public static long acquire(WaitList state, long me, long deadline, String what) {
        if (state.casWord(0, me)) {
            return ACQUIRED; // the uncontended case, without the waiting machinery's allocations
        }
        Take take = new Take(state, me);
        if (!state.await(take, deadline, 0, what)) {
            passOnWakeUp(state);
            return TIMED_OUT;
        }
        return take.outcome();
    }

    /**
     * @param state the lock's state
     * @return as {@link #acquire}, without waiting
     */
    public static long tryAcquire(WaitList state) {
        Take take = new Take(state, OwnerToken.current());
        return take.tryOnce(true) ? take.outcome() : TIMED_OUT;
    }

    /**
     * Frees the lock, whoever holds it, and wakes one waiter.
     *
     * @param state the lock's state
     */
    public static void release(WaitList state) {
        state.setWord(0);
        state.wake(1);
    }

    /**
     * One caller's attempts to take the lock: free, or held by a process that died. A class, not a
     * lambda: the first contended acquire in a fresh child would spin the lambda's class
     * (milliseconds, while the other process waits for the lock).
     */
    private static final class Take implements WaitList.Attempt {
        private final WaitList state;
        private final long me;
        /** The dead owner's token it took the lock from, or 0. */
        private long deadOwner;

        Take(WaitList state, long me) {
            this.state = state;
            this.me = me;
        }

        /** @param checkOwner whether to look whether the owner died (reads {@code /proc}: not on the first try) */
        @Override
        public boolean tryOnce(boolean checkOwner) {
            long owner = state.word();
            if (owner == 0) {
                return state.casWord(0, me);
            }
            if (checkOwner && !OwnerToken.isLocal(owner) && OwnerToken.isDead(owner) && state.casWord(owner, me)) {
                deadOwner = owner;
                return true;
            }
            return false;
        }

        /** @return once taken: {@link #ACQUIRED}, or the pid of the dead owner it was taken from */
        long outcome() {
            return deadOwner == 0 ? ACQUIRED : OwnerToken.pid(deadOwner);
        }
    }

    /** A waiter that gives up may have been the one woken: wake another if the lock is free. */
    private static void passOnWakeUp(WaitList state) {
        if (state.word() == 0) {
            state.wake(1);
        }
    }
}
