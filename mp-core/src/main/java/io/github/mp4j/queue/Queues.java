package io.github.mp4j.queue;

import io.github.mp4j.queue.internal.QueueHandle;
import io.github.mp4j.queue.internal.ThreadQueue;
import io.github.mp4j.runtime.StartMethod;
import java.util.Objects;

/**
 * Creates queues owned by the current process. {@code Mp} and {@code MpContext} offer the same
 * under shorter names.
 *
 * <p>The start method picks the implementation behind the same types: {@link StartMethod#JVM}
 * (the default) gives a queue any process holding it can use, whose items are serialized when
 * they are put; {@link StartMethod#THREADS} gives a queue for the threads of this JVM, whose
 * items are kept as they are and which cannot be sent to another process (Python's
 * {@code multiprocessing.dummy} queues).
 */
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

    /**
     * @param <T> the items' type
     * @param method for processes of which start method the queue is
     * @param maxSize the most items it holds; {@code put} waits for room beyond that (0: unbounded)
     * @return a queue, bounded unless {@code maxSize} is 0
     */
    public static <T> ProcessQueue<T> queue(StartMethod method, int maxSize) {
        return create(method, maxSize, false);
    }

    /**
     * @param <T> the items' type
     * @param method for processes of which start method the queue is
     * @return a simple queue
     */
    public static <T> SimpleProcessQueue<T> simpleQueue(StartMethod method) {
        return create(method, 0, false);
    }

    /**
     * @param <T> the items' type
     * @param method for processes of which start method the queue is
     * @param maxSize the most items it holds (0: unbounded)
     * @return a joinable queue
     */
    public static <T> JoinableProcessQueue<T> joinableQueue(StartMethod method, int maxSize) {
        return create(method, maxSize, true);
    }

    private static <T> JoinableProcessQueue<T> create(StartMethod method, int maxSize, boolean joinable) {
        return switch (Objects.requireNonNull(method, "startMethod")) {
            case JVM -> QueueHandle.create(maxSize, joinable);
            case THREADS -> ThreadQueue.create(maxSize, joinable);
        };
    }
}
