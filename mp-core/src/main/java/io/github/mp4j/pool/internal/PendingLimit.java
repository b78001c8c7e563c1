package io.github.mp4j.pool.internal;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.pool.PoolFullException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bound on the tasks of unfinished {@code apply}/{@code map}-style calls
 * ({@code PoolConfig.maxPendingTasks}): a call takes room for its tasks when it is submitted and
 * gives it back when it finishes, however it finishes. A caller finding no room waits up to
 * {@code pendingWait} for it, or fails at once when that is zero. A call with more tasks than the
 * bound is let in when no other call holds room, so that it can run at all.
 */
final class PendingLimit {

    private final long max;
    private final Duration wait;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private long pending;

    /**
     * @param max the most tasks that may be pending, 0 for no limit
     * @param wait how long a caller may wait for room
     */
    PendingLimit(long max, Duration wait) {
        this.max = max;
        this.wait = wait;
    }

    /** @return whether calls are bounded at all */
    boolean bounded() {
        return max > 0;
    }

    /**
     * Takes room for {@code tasks}, waiting for it if need be.
     *
     * @throws PoolFullException if no room came free in time
     * @throws MpInterruptedException if the thread is interrupted while it waits
     */
    void acquire(long tasks, String poolName) {
        long deadline = System.nanoTime() + wait.toNanos();
        lock.lock();
        try {
            while (pending > 0 && pending + tasks > max) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new PoolFullException("pool " + poolName + " holds " + pending + " pending tasks of unfinished calls;"
                            + " a call of " + tasks + " more would exceed maxPendingTasks=" + max
                            + (wait.isZero() ? "" : " and no room came free within " + wait)
                            + ". Submit it again later, raise maxPendingTasks, or set pendingWait to let callers wait", null);
                }
                freed.awaitNanos(left);
            }
            pending += tasks;
        } catch (InterruptedException e) {
            throw new MpInterruptedException("room among the pending tasks of pool " + poolName, e);
        } finally {
            lock.unlock();
        }
    }

    /** Gives back the room of a finished call. */
    void release(long tasks) {
        lock.lock();
        try {
            pending -= tasks;
            freed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
