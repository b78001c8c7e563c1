package io.github.mp4j.manager.internal;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.manager.ManagedCondition;
import io.github.mp4j.manager.ManagedLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A condition in the manager over one of its locks. A waiter enrols before it releases the lock,
 * so a signal made under the lock after that always finds it.
 */
final class ConditionImpl implements ManagedCondition {

    private final LockImpl lock;
    private final ManagedLock lockProxy;
    private final List<boolean[]> waiters = new ArrayList<>();

    ConditionImpl(LockImpl lock, ManagedLock lockProxy) {
        this.lock = lock;
        this.lockProxy = lockProxy;
    }

    @Override
    public ManagedLock lock() {
        return lockProxy;
    }

    @Override
    public void await() {
        awaitUntil(Long.MAX_VALUE);
    }

    @Override
    public boolean await(Duration timeout) {
        return awaitUntil(LockImpl.Waits.deadline(timeout));
    }

    private boolean awaitUntil(long deadline) {
        lock.requireHeld();
        boolean[] signalled = new boolean[1];
        synchronized (this) {
            waiters.add(signalled);
        }
        int saved = lock.saveAndRelease();
        boolean released = false;
        try {
            synchronized (signalled) {
                while (!signalled[0] && LockImpl.Waits.waitOn(signalled, deadline)) {
                    // woken: look again
                }
            }
        } catch (MpInterruptedException e) {
            // the waiter's client went away (or the manager is closing): it neither takes the lock
            // back (which would make the next taker see a dead owner) nor keeps a signal meant for a waiter
            released = true;
            passOnSignal(signalled);
            throw e;
        } finally {
            synchronized (this) {
                waiters.remove(signalled);
            }
            if (!released) {
                lock.restore(saved);
            }
        }
        synchronized (signalled) {
            return signalled[0];
        }
    }

    /** Gives a signal a waiter received but will not act on to the next waiter not yet signalled. */
    private void passOnSignal(boolean[] signalled) {
        synchronized (signalled) {
            if (!signalled[0]) {
                return;
            }
        }
        synchronized (this) {
            for (boolean[] waiter : waiters) {
                synchronized (waiter) {
                    if (waiter != signalled && !waiter[0]) {
                        waiter[0] = true;
                        waiter.notifyAll();
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void signal() {
        signal(1);
    }

    @Override
    public int signal(int count) {
        lock.requireHeld();
        int woken = 0;
        synchronized (this) {
            for (boolean[] waiter : waiters) {
                if (woken == count) {
                    break;
                }
                synchronized (waiter) {
                    if (!waiter[0]) {
                        waiter[0] = true;
                        waiter.notifyAll();
                        woken++;
                    }
                }
            }
        }
        return woken;
    }

    @Override
    public int signalAll() {
        return signal(Integer.MAX_VALUE);
    }
}
