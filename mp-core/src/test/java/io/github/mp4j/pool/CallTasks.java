package io.github.mp4j.pool;

import io.github.mp4j.queue.ProcessQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** What the call-control tests run in workers; kept apart so that no task captures a test instance. */
final class CallTasks {

    private CallTasks() {
    }

    /** Tells the test it started (with its item), then sleeps {@code millis}, interrupted or not. */
    static int signalThenNap(ProcessQueue<Integer> started, int item, long millis) {
        started.put(item);
        return nap(item, millis);
    }

    /** Sleeps {@code millis} without giving up on an interrupt, then returns the item. */
    static int nap(int item, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(deadline - System.nanoTime());
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted");
            }
        }
        return item;
    }

    /** Tells the test it started, then runs until its worker is killed or its thread interrupted. */
    static int signalThenRunForever(ProcessQueue<Integer> started, int item) {
        started.put(item);
        PoolTasks.runForever();
        return item;
    }
}
