package io.github.mp4j.sync;

import io.github.mp4j.resource.MappedSegment;
import io.github.mp4j.sync.internal.Mutex;
import io.github.mp4j.sync.internal.OwnerToken;
import io.github.mp4j.sync.internal.SyncSegment;
import io.github.mp4j.sync.internal.WaitList;
import java.time.Duration;

/**
 * A recursive lock shared by processes and threads, as Python's {@code multiprocessing.RLock}:
 * the owning thread may acquire it again, and must release it as many times; only the owner may
 * release it. Made by {@code Mp.rlock()}; travels to other processes as its file's name.
 *
 * <p>State ({@link WaitList}'s layout): the word holds the owner's identity, the second word how
 * many times the owner acquired it <em>again</em> (0 when held once, and always 0 when free, so
 * a first acquire is the word's compare-and-swap alone). Only the owner touches that count, and
 * plainly: the volatile accesses to the word that pass the ownership on order it. An owner that
 * dies is handled as for every {@link Lockable}: the taker gets {@link OwnerDiedException} and
 * holds it once.
 */
public final class RLock extends Primitive implements Lockable {

    /** The {@link #hold()} result, made once: the lock of a shared {@code Value} is held in hot loops. */
    private transient Held held;

    private RLock(WaitList state) {
        super(state, SyncSegment.Kind.RLOCK);
    }

    private RLock(WaitList state, String suffix) {
        super(state, null, suffix);
    }

    /**
     * A recursive lock whose state lives inside another mp4j object's shared memory (the lock
     * of a shared {@code Value} or {@code Array}, in its header). For mp4j's own types:
     * applications use {@link #create()}.
     *
     * @param segment the segment, created by this process or attached
     * @param suffix the segment file's extension, checked when another process attaches
     * @param offset where the lock's {@link Lock#BYTES} bytes start, a multiple of 8, zero-filled at first
     * @return the lock
     */
    public static RLock embedded(MappedSegment segment, String suffix, int offset) {
        return new RLock(Lock.embeddedState(segment, offset), suffix);
    }

    /** @return a new, free recursive lock in a shared-memory file of its own */
    public static RLock create() {
        return new RLock(SyncSegment.create(SyncSegment.Kind.RLOCK, 0));
    }

    @Override
    public void acquire() {
        acquire(Long.MAX_VALUE);
    }

    @Override
    public boolean acquire(Duration timeout) {
        return acquire(deadline(timeout));
    }

    @Override
    public Held hold() {
        acquire(Long.MAX_VALUE);
        Held release = held;
        if (release == null) {
            release = new Releaser(this); // not this::release: a lambda's first use spins a class
            held = release; // a race makes two equal ones
        }
        return release;
    }

    @Override
    public boolean tryAcquire() {
        if (reenter()) {
            return true;
        }
        return taken(Mutex.tryAcquire(state()));
    }

    private boolean acquire(long deadline) {
        WaitList state = state();
        long me = OwnerToken.current();
        if (state.casWord(0, me)) {
            return true;
        }
        if (state.word() == me) {
            state.setAuxPlain(state.auxPlain() + 1);
            return true;
        }
        return taken(Mutex.acquire(state, me, deadline, "an RLock"));
    }

    private boolean reenter() {
        WaitList state = state();
        if (state.word() == OwnerToken.current()) {
            state.setAuxPlain(state.auxPlain() + 1);
            return true;
        }
        return false;
    }

    private boolean taken(long outcome) {
        if (outcome == Mutex.TIMED_OUT) {
            return false;
        }
        if (outcome != Mutex.ACQUIRED) {
            state().setAuxPlain(0); // the dead owner's re-entries
            throw new OwnerDiedException(toString(), outcome);
        }
        return true;
    }

    /**
     * Releases once; the lock is free when released as many times as acquired.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold it
     */
    @Override
    public void release() {
        WaitList state = state();
        if (state.word() != OwnerToken.current()) {
            throw new IllegalMonitorStateException("cannot release " + this + ": the calling thread does not hold it");
        }
        long again = state.auxPlain();
        if (again > 0) {
            state.setAuxPlain(again - 1);
        } else {
            Mutex.release(state);
        }
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return state().word() == OwnerToken.current();
    }

    /** For {@link Condition}: releases every level, returning the count for {@link #restore}. */
    long saveAndRelease() {
        WaitList state = state();
        if (state.word() != OwnerToken.current()) {
            throw new IllegalMonitorStateException("cannot release " + this + ": the calling thread does not hold it");
        }
        long count = state.auxPlain() + 1;
        state.setAuxPlain(0);
        Mutex.release(state);
        return count;
    }

    /** For {@link Condition}: acquires again with the count {@link #saveAndRelease} returned. */
    void restore(long count) {
        try {
            acquire();
        } finally {
            if (isHeldByCurrentThread()) {
                state().setAuxPlain(count - 1);
            }
        }
    }
}
