package io.github.mp4j.manager.internal;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.manager.ManagedLock;
import io.github.mp4j.sync.OwnerDiedException;
import java.time.Duration;

/** A lock or recursive lock in the manager; the owner is a client thread's {@link Session}. */
final class LockImpl implements ManagedLock {

    private final boolean recursive;
    private Session owner;
    private int count;
    /** The pid of an owner whose connection ended holding the lock, until the next taker is told. */
    private long deadPid;

    LockImpl(boolean recursive) {
        this.recursive = recursive;
    }

    @Override
    public void acquire() {
        acquireUntil(Long.MAX_VALUE);
    }

    @Override
    public boolean acquire(Duration timeout) {
        return acquireUntil(Waits.deadline(timeout));
    }

    @Override
    public boolean tryAcquire() {
        return acquireUntil(System.nanoTime());
    }

    synchronized boolean acquireUntil(long deadline) {
        Session me = Session.current();
        if (recursive && owner == me) {
            count++;
            return true;
        }
        while (owner != null) {
            if (!Waits.waitOn(this, deadline)) {
                return false;
            }
        }
        owner = me;
        count = 1;
        me.took(this);
        if (deadPid != 0) {
            long dead = deadPid;
            deadPid = 0;
            throw new OwnerDiedException("the manager's " + (recursive ? "rlock" : "lock"), dead);
        }
        return true;
    }

    @Override
    public synchronized void release() {
        if (owner == null) {
            throw new IllegalStateException("release of an unlocked lock");
        }
        if (recursive && owner != Session.current()) {
            throw new IllegalStateException("only the thread that holds a recursive lock may release it");
        }
        if (--count > 0) {
            return;
        }
        free();
    }

    private void free() {
        owner.released(this);
        owner = null;
        count = 0;
        notifyAll();
    }

    @Override
    public synchronized boolean isLocked() {
        return owner != null;
    }

    @Override
    public synchronized boolean isHeldByCurrentThread() {
        return owner != null && owner == Session.current();
    }

    synchronized void ownerDied(Session session) {
        if (owner == session) {
            deadPid = session.pid();
            free();
        }
    }

    /** For a condition: releases the lock entirely and says how to take it back. */
    synchronized int saveAndRelease() {
        if (owner != Session.current()) {
            throw new IllegalStateException("a condition's methods must be called holding its lock");
        }
        int saved = count;
        free();
        return saved;
    }

    /** For a condition: takes the lock back after a wait. */
    synchronized void restore(int saved) {
        try {
            acquireUntil(Long.MAX_VALUE);
        } finally {
            if (owner == Session.current()) {
                count = saved;
            }
        }
    }

    synchronized void requireHeld() {
        if (owner != Session.current()) {
            throw new IllegalStateException("a condition's methods must be called holding its lock");
        }
    }

    @Override
    public synchronized String toString() {
        return (recursive ? "RLock" : "Lock") + (owner == null ? "(unlocked)" : "(locked by process " + owner.pid() + ")");
    }

    /** Waits with deadlines on monitors, answering interrupts as mp4j does. */
    static final class Waits {

        private Waits() {
        }

        static long deadline(Duration timeout) {
            long nanos = Math.max(0, timeout.toNanos());
            long now = System.nanoTime();
            return Long.MAX_VALUE - now < nanos ? Long.MAX_VALUE : now + nanos;
        }

        /**
         * Waits on a monitor the caller holds, once.
         *
         * @return {@code false} if the deadline has passed
         */
        static boolean waitOn(Object monitor, long deadline) {
            try {
                if (deadline == Long.MAX_VALUE) {
                    monitor.wait();
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                monitor.wait(left / 1_000_000, (int) (left % 1_000_000));
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MpInterruptedException("a manager's lock or condition", e);
            }
        }
    }
}
