package io.github.mp4j.queue;

import io.github.mp4j.queue.internal.QueueHandle;

/** Creates queues owned by the current process. {@code Mp} offers the same under shorter names. */
public final class Queues {

    private Queues() {
    }

    /**
     * @param <T> the items' type
     * @return an unbounded queue
     */
    public static <T> ProcessQueue<T> queue() {
        return QueueHandle.create(0, false);
    }

    /**
     * @param <T> the items' type
     * @param maxSize the most items it holds; {@code put} waits for room beyond that (0: unbounded)
     * @return a bounded queue
     */
    public static <T> ProcessQueue<T> queue(int maxSize) {
        return QueueHandle.create(maxSize, false);
    }

    /**
     * @param <T> the items' type
     * @return a simple queue
     */
    public static <T> SimpleProcessQueue<T> simpleQueue() {
        return QueueHandle.create(0, false);
    }

    /**
     * @param <T> the items' type
     * @param maxSize the most items it holds (0: unbounded)
     * @return a joinable queue
     */
    public static <T> JoinableProcessQueue<T> joinableQueue(int maxSize) {
        return QueueHandle.create(maxSize, true);
    }
}
