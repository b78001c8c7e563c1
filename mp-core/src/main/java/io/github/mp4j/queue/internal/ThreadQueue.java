package io.github.mp4j.queue.internal;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.queue.JoinableProcessQueue;
import io.github.mp4j.queue.QueueClosedException;
import io.github.mp4j.serial.SerializationException;
import java.time.Duration;

/**
 * A queue for the threads of one JVM ({@link io.github.mp4j.runtime.StartMethod#THREADS}, as
 * Python's {@code multiprocessing.dummy} uses {@code queue.Queue}): the same contract as a queue
 * shared by processes, on the same item store, but items are kept as they are, never serialized,
 * and the queue is registered with no object server. It cannot be sent to another process.
 *
 * <p>All threads share this one handle, so {@link #close()} closes the queue for every one of them.
 *
 * @param <T> the items' type
 */
@DefaultSerializer(ThreadQueue.Refusal.class)
public final class ThreadQueue<T> implements JoinableProcessQueue<T> {

    /** Stands for a {@code null} item, which the item store cannot hold. */
    private static final Object NULL = new Object();

    private final QueueState items;
    private volatile boolean closed;

    private ThreadQueue(int maxSize, boolean joinable) {
        this.items = new QueueState(maxSize, joinable);
    }

    /**
     * @param <T> the items' type
     * @param maxSize the bound, or 0 for none
     * @param joinable whether it counts unfinished tasks
     * @return a new queue
     */
    public static <T> ThreadQueue<T> create(int maxSize, boolean joinable) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must be >= 0 (0 means unbounded), was " + maxSize);
        }
        return new ThreadQueue<>(maxSize, joinable);
    }

    @Override
    public void put(T item) {
        put(item, null);
    }

    @Override
    public void put(T item, Duration timeout) {
        ensureOpen();
        boolean added;
        try {
            added = items.put(item == null ? NULL : item, nanos(timeout));
        } catch (InterruptedException e) {
            throw new MpInterruptedException(LocalQueue.ROOM, e);
        }
        if (!added) {
            throw QueueHandle.full(items.maxSize(), timeout);
        }
    }

    @Override
    public T get() {
        return get(null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(Duration timeout) {
        ensureOpen();
        Object item;
        try {
            item = items.take(nanos(timeout));
        } catch (InterruptedException e) {
            throw new MpInterruptedException(LocalQueue.AN_ITEM, e);
        }
        if (item == null) {
            throw QueueHandle.empty(timeout);
        }
        return item == NULL ? null : (T) item;
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public int size() {
        ensureOpen();
        return items.size();
    }

    @Override
    public boolean isFull() {
        return items.maxSize() > 0 && size() >= items.maxSize();
    }

    @Override
    public int maxSize() {
        return items.maxSize();
    }

    @Override
    public void taskDone() {
        requireJoinable();
        ensureOpen();
        items.taskDone();
    }

    @Override
    public void join() {
        join(null);
    }

    @Override
    public boolean join(Duration timeout) {
        requireJoinable();
        ensureOpen();
        try {
            return items.join(nanos(timeout));
        } catch (InterruptedException e) {
            throw new MpInterruptedException(LocalQueue.ALL_DONE, e);
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "ProcessQueue[threads" + (items.maxSize() > 0 ? ", max " + items.maxSize() : "") + "]";
    }

    private void requireJoinable() {
        if (!items.joinable()) {
            throw new UnsupportedOperationException("taskDone and join need a joinable queue (Mp.joinableQueue())");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new QueueClosedException("this queue was closed; a queue of the threads start method has one"
                    + " handle, shared by every thread");
        }
    }

    private static long nanos(Duration timeout) {
        return timeout == null ? QueueProtocol.FOREVER : Math.max(0, timeout.toNanos());
    }

    /** Refuses to send a thread queue to another process, with a message that says what to use instead. */
    @SuppressWarnings("rawtypes")
    public static final class Refusal extends Serializer<ThreadQueue> {
        @Override
        public void write(Kryo kryo, Output output, ThreadQueue value) {
            throw new SerializationException("a queue of the threads start method lives in this JVM only and"
                    + " cannot be sent to another process; use a queue of the JVM start method"
                    + " (MpContext.jvm().queue()) to share items between processes");
        }

        @Override
        public ThreadQueue read(Kryo kryo, Input input, Class<? extends ThreadQueue> type) {
            throw new SerializationException("a queue of the threads start method was never meant to be sent"
                    + " between processes");
        }
    }
}
