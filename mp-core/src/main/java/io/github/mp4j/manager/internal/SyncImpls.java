package io.github.mp4j.manager.internal;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.manager.ManagedBarrier;
import io.github.mp4j.manager.ManagedEvent;
import io.github.mp4j.manager.ManagedSemaphore;
import io.github.mp4j.sync.BrokenBarrierException;
import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The manager's semaphores, events and barriers, on {@code java.util.concurrent}'s. */
final class SyncImpls {

    private SyncImpls() {
    }

    /** A semaphore, bounded or not. */
    static final class SemaphoreImpl implements ManagedSemaphore, ReplyLossAware {

        private final Semaphore permits;
        private final int bound;

        SemaphoreImpl(int initial, boolean bounded) {
            if (initial < 0) {
                throw new IllegalArgumentException("permits must be >= 0, was " + initial);
            }
            this.permits = new Semaphore(initial);
            this.bound = bounded ? initial : Integer.MAX_VALUE;
        }

        @Override
        public void acquire() {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        @Override
        public boolean acquire(Duration timeout) {
            try {
                return permits.tryAcquire(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        @Override
        public boolean tryAcquire() {
            return permits.tryAcquire();
        }

        @Override
        public void release() {
            release(1);
        }

        @Override
        public synchronized void release(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("permits to release must be >= 1, was " + count);
            }
            if ((long) permits.availablePermits() + count > bound) {
                throw new IllegalStateException("a bounded semaphore of " + bound + " permits released too many"
                        + " times (" + permits.availablePermits() + " free, releasing " + count + ")");
            }
            permits.release(count);
        }

        @Override
        public int value() {
            return permits.availablePermits();
        }

        @Override
        public void replyLost(String method, Object result) {
            if (method.startsWith("acquire") || method.equals("tryAcquire")) {
                if (!Boolean.FALSE.equals(result)) {
                    permits.release();
                }
            }
        }

        @Override
        public String toString() {
            return "Semaphore(value=" + value() + ")";
        }
    }

    /** An event. */
    static final class EventImpl implements ManagedEvent {

        private boolean set;

        @Override
        public synchronized void set() {
            set = true;
            notifyAll();
        }

        @Override
        public synchronized void clear() {
            set = false;
        }

        @Override
        public synchronized boolean isSet() {
            return set;
        }

        @Override
        public void await() {
            awaitUntil(Long.MAX_VALUE);
        }

        @Override
        public boolean await(Duration timeout) {
            return awaitUntil(LockImpl.Waits.deadline(timeout));
        }

        private synchronized boolean awaitUntil(long deadline) {
            while (!set && LockImpl.Waits.waitOn(this, deadline)) {
                // woken: look again
            }
            return set;
        }

        @Override
        public synchronized String toString() {
            return "Event(" + (set ? "set" : "clear") + ")";
        }
    }

    /** A barrier. */
    static final class BarrierImpl implements ManagedBarrier {

        private final CyclicBarrier barrier;

        BarrierImpl(int parties) {
            if (parties < 1) {
                throw new IllegalArgumentException("parties must be >= 1, was " + parties);
            }
            this.barrier = new CyclicBarrier(parties);
        }

        @Override
        public int await() {
            try {
                return barrier.await();
            } catch (java.util.concurrent.BrokenBarrierException e) {
                throw broken();
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        @Override
        public int await(Duration timeout) {
            try {
                return barrier.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.BrokenBarrierException e) {
                throw broken();
            } catch (TimeoutException e) {
                throw new BrokenBarrierException("the manager's barrier broke: this party's wait timed out; reset()"
                        + " it to use it again");
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }

        private static BrokenBarrierException broken() {
            return new BrokenBarrierException("the manager's barrier is broken (a party timed out, its client"
                    + " died or closed its connection while waiting, or the barrier was aborted or reset); reset() it"
                    + " to use it again");
        }

        @Override
        public int parties() {
            return barrier.getParties();
        }

        @Override
        public int waiting() {
            return barrier.getNumberWaiting();
        }

        @Override
        public boolean isBroken() {
            return barrier.isBroken();
        }

        @Override
        public void abort() {
            // CyclicBarrier breaks when a party is interrupted: arrive interrupted, so the barrier
            // stays broken (as Python's abort) instead of reset()'s ready-again
            Thread.currentThread().interrupt();
            try {
                barrier.await();
            } catch (InterruptedException | java.util.concurrent.BrokenBarrierException e) {
                // the point
            } finally {
                Thread.interrupted();
            }
        }

        @Override
        public void reset() {
            barrier.reset();
        }
    }

    private static MpInterruptedException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new MpInterruptedException("a manager's semaphore or barrier", e);
    }
}
