package io.github.mp4j.hazelcast;

import com.hazelcast.collection.IQueue;
import com.hazelcast.config.QueueConfig;
import com.hazelcast.core.HazelcastInstance;
import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.queue.QueueClosedException;
import io.github.mp4j.queue.QueueEmptyException;
import io.github.mp4j.queue.QueueFullException;
import io.github.mp4j.serial.ObjectCodec;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ProcessQueue} on the cluster: a Hazelcast {@link IQueue} whose elements are mp4j Kryo
 * bytes, so an item that can be put on a local queue can be put here. Any member or client of
 * the cluster reaches it by name ({@link #on}); it lives in the members' memory (one partition,
 * with one synchronous backup by default), outlives the processes that use it, and loses its
 * items only if the member that owns it and its backup's member die together.
 *
 * <p>Unlike a local queue, a handle cannot be passed to a task that runs in a member's worker
 * JVM (those JVMs are not in the cluster); tasks return results, callers put them.
 *
 * @param <T> the items' type
 */
public final class ClusterQueue<T> implements ProcessQueue<T> {

    private final IQueue<byte[]> queue;
    private final int maxSize;
    private volatile boolean closed;

    private ClusterQueue(IQueue<byte[]> queue, int maxSize) {
        this.queue = queue;
        this.maxSize = maxSize;
    }

    /**
     * The queue called {@code name} on the cluster, created on first use.
     *
     * @param <T> the items' type
     * @param hazelcast a member or client of the cluster
     * @param name the queue's name
     * @param maxSize its bound, or 0 for none; the first handle to configure the name decides it
     *     (Hazelcast refuses a different bound for the same name later)
     * @return a handle on it
     */
    public static <T> ClusterQueue<T> on(HazelcastInstance hazelcast, String name, int maxSize) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must be >= 0 (0: unbounded), was " + maxSize);
        }
        String fullName = "mp4j-queue-" + name;
        if (maxSize > 0) {
            hazelcast.getConfig().addQueueConfig(new QueueConfig(fullName).setMaxSize(maxSize));
        }
        return new ClusterQueue<>(hazelcast.getQueue(fullName), maxSize);
    }

    @Override
    public void put(T item) {
        byte[] bytes = encode(item);
        try {
            queue.put(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MpInterruptedException("room in cluster queue " + queue.getName(), e);
        }
    }

    @Override
    public void put(T item, Duration timeout) {
        byte[] bytes = encode(item);
        try {
            if (!queue.offer(bytes, Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS)) {
                throw new QueueFullException("cluster queue " + queue.getName() + " stayed full (" + maxSize + " items) for "
                        + timeout + ": take items, or wait longer");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MpInterruptedException("room in cluster queue " + queue.getName(), e);
        }
    }

    @Override
    public T get() {
        requireOpen();
        try {
            return decode(queue.take());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MpInterruptedException("an item of cluster queue " + queue.getName(), e);
        }
    }

    @Override
    public T get(Duration timeout) {
        requireOpen();
        try {
            byte[] bytes = queue.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            if (bytes == null) {
                throw new QueueEmptyException("cluster queue " + queue.getName() + " stayed empty for " + timeout);
            }
            return decode(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MpInterruptedException("an item of cluster queue " + queue.getName(), e);
        }
    }

    private byte[] encode(T item) {
        requireOpen();
        return ObjectCodec.encode(item);
    }

    @SuppressWarnings("unchecked")
    private T decode(byte[] bytes) {
        return (T) ObjectCodec.decode(bytes);
    }

    private void requireOpen() {
        if (closed) {
            throw new QueueClosedException("this handle on cluster queue " + queue.getName() + " was closed");
        }
    }

    @Override
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public boolean isFull() {
        return maxSize > 0 && queue.remainingCapacity() == 0;
    }

    @Override
    public int maxSize() {
        return maxSize;
    }

    /** Closes this handle; the queue and its items stay on the cluster ({@link #destroy()} removes them). */
    @Override
    public void close() {
        closed = true;
    }

    /** Removes the queue and its items from the cluster, for every handle. */
    public void destroy() {
        closed = true;
        queue.destroy();
    }
}
