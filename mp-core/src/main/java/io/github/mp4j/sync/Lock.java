package io.github.mp4j.sync;

import io.github.mp4j.resource.MappedSegment;
import io.github.mp4j.sync.internal.Mutex;
import io.github.mp4j.sync.internal.OwnerToken;
import io.github.mp4j.sync.internal.SyncSegment;
import io.github.mp4j.sync.internal.WaitList;
import java.time.Duration;

/**
 * A lock shared by processes and threads, as Python's {@code multiprocessing.Lock}: not
 * recursive (a thread that acquires it twice waits for itself), and any thread of any process
 * may release it, as in Python. Made by {@code Mp.lock()}; pass it to children, pool tasks or
 * inside messages: it travels as the name of its shared-memory file, never as state.
 *
 * <pre>{@code
 * Lock lock = Mp.lock();
 * try (var held = lock.hold()) {
 *     counter.set(counter.get() + 1);
 * }
 * }</pre>
 *
 * <p>Its state is one 64-bit word in shared memory ({@link WaitList}'s layout): 0 when free,
 * else the owner's identity (pid, process start time, thread; see {@link Lockable} for what
 * happens when that process dies). Waiting spins briefly, then parks; a release wakes one
 * waiter through its process's waker socket. Waiters are not served in arrival order.
 */
public final class Lock extends Primitive implements Lockable {

    /** Bytes an {@linkplain #embedded embedded} lock takes. */
    public static final int BYTES = WaitList.BYTES;

    /** The {@link #hold()} result, made once: a lock may be held in hot loops. */
    private transient Held held;

    private Lock(WaitList state, SyncSegment.Kind kind, String suffix) {
        super(state, kind, suffix);
    }

    /** @return a new, free lock in a shared-memory file of its own */
    public static Lock create() {
        return new Lock(SyncSegment.create(SyncSegment.Kind.LOCK, 0), SyncSegment.Kind.LOCK, SyncSegment.SUFFIX);
    }

    /**
     * A lock whose state lives inside another mp4j object's shared memory (the lock word in a
     * shared {@code Value}'s header). For mp4j's own types: applications use {@link #create()}.
     *
     * @param segment the segment, created by this process or attached
     * @param suffix the segment file's extension, checked when another process attaches
     * @param offset where the lock's {@link #BYTES} bytes start, a multiple of 8, zero-filled at first
     * @return the lock
     */
    public static Lock embedded(MappedSegment segment, String suffix, int offset) {
        return new Lock(embeddedState(segment, offset), null, suffix);
    }

    static WaitList embeddedState(MappedSegment segment, int offset) {
        if (offset % Long.BYTES != 0 || offset < 0 || offset + BYTES > segment.size()) {
            throw new IllegalArgumentException("a lock needs " + BYTES + " bytes at a multiple of 8 inside the "
                    + segment.size() + "-byte segment, not at offset " + offset);
        }
        return new WaitList(segment, offset);
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
        return taken(Mutex.tryAcquire(state()));
    }

    private boolean acquire(long deadline) {
        return taken(Mutex.acquire(state(), deadline, "a Lock"));
    }

    private boolean taken(long outcome) {
        if (outcome == Mutex.TIMED_OUT) {
            return false;
        }
        if (outcome != Mutex.ACQUIRED) {
            throw new OwnerDiedException(toString(), outcome);
        }
        return true;
    }

    /**
     * Releases the lock, from any thread of any process (as Python's).
     *
     * @throws IllegalStateException if it is not locked
     */
    @Override
    public void release() {
        WaitList state = state();
        if (state.word() == 0) {
            throw new IllegalStateException("release of an unlocked " + this);
        }
        Mutex.release(state);
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return state().word() == OwnerToken.current();
    }

    /** @return whether some thread, in any process, holds it */
    public boolean isLocked() {
        return state().word() != 0;
    }

    /** For {@link Condition}: releases, returning what {@link #restore} needs. */
    long saveAndRelease() {
        release();
        return 1;
    }

    /** For {@link Condition}: acquires again after {@link #saveAndRelease}. */
    void restore(long saved) {
        acquire();
    }
}
