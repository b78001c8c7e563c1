package io.github.mp4j.queue;

import java.time.Duration;

/**
 * A {@link ProcessQueue} that counts unfinished work (Python's {@code JoinableQueue}): every put
 * adds one; every {@link #taskDone()} takes one away; {@link #join()} waits for zero.
 *
 * @param <T> the items' type
 */
public interface JoinableProcessQueue<T> extends ProcessQueue<T> {

    /**
     * Says that an item taken from the queue has been processed.
     *
     * @throws IllegalStateException if called more times than items were put
     */
    void taskDone();

    /**
     * Waits until every item put has been marked done.
     *
     * @throws io.github.mp4j.MpInterruptedException if the thread was interrupted before or while
     *     waiting; the queue and its count stay as they were
     */
    void join();

    /**
     * Waits at most {@code timeout} until every item put has been marked done.
     *
     * @param timeout how long to wait
     * @return whether everything was done in time
     * @throws io.github.mp4j.MpInterruptedException if the thread was interrupted before or while
     *     waiting
     */
    boolean join(Duration timeout);
}
