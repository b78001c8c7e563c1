package io.github.mp4j.queue;

import java.time.Duration;

/**
 * A first-in first-out queue shared by processes, optionally bounded (Python's
 * {@code multiprocessing.Queue}).
 *
 * <p>The queue lives in the process that created it; other processes reach it over an
 * authenticated local socket. Unlike CPython, a process may be joined before the queue is
 * drained (nothing deadlocks on a full pipe), and items a process put just before it exited are
 * not lost: a child's entry point hands every buffered item over before the child exits.
 *
 * @param <T> the items' type
 */
public interface ProcessQueue<T> extends SimpleProcessQueue<T> {

    /**
     * Adds an item, waiting at most {@code timeout} for room in a bounded queue.
     *
     * @param item the item
     * @param timeout how long to wait for room
     * @throws QueueFullException if there was no room in time
     * @throws io.github.mp4j.MpInterruptedException if the thread was interrupted before or while
     *     waiting; see {@link #put(Object)}
     */
    void put(T item, Duration timeout);

    /**
     * Adds an item only if there is room now.
     *
     * @param item the item
     * @throws QueueFullException if the queue is full
     */
    default void putNowait(T item) {
        put(item, Duration.ZERO);
    }

    /**
     * Takes the head item, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait
     * @return the item
     * @throws QueueEmptyException if nothing arrived in time
     * @throws io.github.mp4j.MpInterruptedException if the thread was interrupted before or while
     *     waiting
     */
    T get(Duration timeout);

    /**
     * Takes the head item only if there is one now.
     *
     * @return the item
     * @throws QueueEmptyException if the queue is empty
     */
    default T getNowait() {
        return get(Duration.ZERO);
    }

    /**
     * @return the number of items in the queue at this moment; items other processes are still
     *     sending are not counted yet
     */
    int size();

    /** @return whether a bounded queue is at its maximum size at this moment */
    boolean isFull();

    /** @return the bound given at creation, or 0 for an unbounded queue */
    int maxSize();
}
