package io.github.mp4j.queue.internal;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.connection.Address;
import io.github.mp4j.queue.JoinableProcessQueue;
import io.github.mp4j.queue.QueueClosedException;
import io.github.mp4j.queue.QueueEmptyException;
import io.github.mp4j.queue.QueueFullException;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.transport.ObjectServer;
import java.time.Duration;

/**
 * A process's handle on a queue. In the owner it works on the items directly; sent to another
 * process it arrives as the owner's address and the queue's id, and works through sockets.
 * Closing a handle, or dropping it, lets go of what it holds in its process: in the owner, the
 * queue's registration with the object server ({@link QueueRegistration}); elsewhere, a share of
 * the connections to the owner. Another process's handle never ends the owner's queue.
 *
 * @param <T> the items' type
 */
@DefaultSerializer(QueueHandle.Codec.class)
public final class QueueHandle<T> implements JoinableProcessQueue<T> {

    private final Address owner;
    private final long id;
    private final int maxSize;
    private final boolean joinable;
    private final QueueBackend backend;
    private volatile boolean closed;

    private QueueHandle(Address owner, long id, int maxSize, boolean joinable, QueueBackend backend) {
        this.owner = owner;
        this.id = id;
        this.maxSize = maxSize;
        this.joinable = joinable;
        this.backend = backend;
    }

    /**
     * Creates a queue owned by this process.
     *
     * @param <T> the items' type
     * @param maxSize the bound, or 0 for none
     * @param joinable whether it counts unfinished tasks
     * @return the owner's handle
     */
    public static <T> QueueHandle<T> create(int maxSize, boolean joinable) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must be >= 0 (0 means unbounded), was " + maxSize);
        }
        QueueState state = new QueueState(maxSize, joinable);
        long id = state.registration().register();
        return handle(ObjectServer.local().address(), id, maxSize, joinable, new LocalQueue(state));
    }

    /** Makes a handle whose backend lets go of what it holds once the handle is unreachable. */
    private static <T> QueueHandle<T> handle(Address owner, long id, int maxSize, boolean joinable, QueueBackend backend) {
        QueueHandle<T> handle = new QueueHandle<>(owner, id, maxSize, joinable, backend);
        backend.releaseWhenUnreachable(handle);
        return handle;
    }

    @Override
    public void put(T item) {
        put(item, null);
    }

    @Override
    public void put(T item, Duration timeout) {
        ensureOpen();
        long nanos = nanos(timeout);
        refuseIfInterrupted(nanos, LocalQueue.ROOM);
        boolean added = item instanceof byte[] bytes && bytes.length >= Feeder.DIRECT_BYTES
                ? backend.putBytes(bytes, nanos)
                : backend.put(ObjectCodec.encodeToBuffer(item), nanos);
        if (!added) {
            throw full(maxSize, timeout);
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
        long nanos = nanos(timeout);
        if (nanos != 0 && Thread.currentThread().isInterrupted()) {
            backend.interrupted();
        }
        refuseIfInterrupted(nanos, LocalQueue.AN_ITEM);
        Object item = backend.take(nanos);
        if (item == null) {
            throw empty(timeout);
        }
        return (T) (item instanceof RawBytes raw ? raw.value() : decode((byte[]) item));
    }

    /** An item from another process's queue is decoded as that process's connection would decode it. */
    private Object decode(byte[] item) {
        return backend instanceof LocalQueue ? ObjectCodec.decode(item) : ObjectServer.decodeFrom(owner, item);
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public int size() {
        ensureOpen();
        return backend.size();
    }

    @Override
    public boolean isFull() {
        return maxSize > 0 && size() >= maxSize;
    }

    @Override
    public int maxSize() {
        return maxSize;
    }

    @Override
    public void taskDone() {
        requireJoinable();
        ensureOpen();
        backend.taskDone();
    }

    @Override
    public void join() {
        join(null);
    }

    @Override
    public boolean join(Duration timeout) {
        requireJoinable();
        ensureOpen();
        long nanos = nanos(timeout);
        refuseIfInterrupted(nanos, LocalQueue.ALL_DONE);
        return backend.join(nanos);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            backend.close();
        }
    }

    @Override
    public String toString() {
        return "ProcessQueue[" + id + " of " + owner + (maxSize > 0 ? ", max " + maxSize : "") + "]";
    }

    private void requireJoinable() {
        if (!joinable) {
            throw new UnsupportedOperationException("taskDone and join need a joinable queue (Mp.joinableQueue())");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new QueueClosedException("this queue handle was closed in this process; other processes' handles"
                    + " still work");
        }
    }

    /**
     * A call that may wait and starts with its thread interrupted throws without waiting, as the
     * JDK's blocking calls do, whether or not it would have had to wait; one that may not wait
     * ({@code putNowait}, {@code getNowait}) goes ahead.
     */
    private static void refuseIfInterrupted(long timeoutNanos, String whatItWouldAwait) {
        if (timeoutNanos != 0 && Thread.currentThread().isInterrupted()) {
            throw new MpInterruptedException(whatItWouldAwait, null);
        }
    }

    /** What a put that found no room throws, for every kind of queue handle. */
    static QueueFullException full(int maxSize, Duration timeout) {
        return new QueueFullException("the queue is full (" + maxSize + " items)"
                + (timeout == null || timeout.isZero() ? "" : " and stayed full for " + timeout));
    }

    /** What a get that found no item throws, for every kind of queue handle. */
    static QueueEmptyException empty(Duration timeout) {
        return new QueueEmptyException(timeout == null || timeout.isZero()
                ? "the queue is empty" : "nothing arrived in the queue within " + timeout);
    }

    private static long nanos(Duration timeout) {
        return timeout == null ? QueueProtocol.FOREVER : Math.max(0, timeout.toNanos());
    }

    /** Sends a handle as the owner's address and the queue's id. */
    @SuppressWarnings("rawtypes")
    public static final class Codec extends Serializer<QueueHandle> {
        @Override
        public void write(Kryo kryo, Output output, QueueHandle value) {
            value.backend.sending();
            output.writeString(ObjectServer.advertise(value.owner));
            output.writeLong(value.id);
            output.writeInt(value.maxSize, true);
            output.writeBoolean(value.joinable);
        }

        @Override
        public QueueHandle read(Kryo kryo, Input input, Class<? extends QueueHandle> type) {
            Address owner = ObjectServer.reach(input.readString());
            long id = input.readLong();
            int maxSize = input.readInt(true);
            boolean joinable = input.readBoolean();
            if (ObjectServer.isLocal(owner) && ObjectServer.local().lookup(id) instanceof QueueState state) {
                return handle(owner, id, maxSize, joinable, new LocalQueue(state));
            }
            return handle(owner, id, maxSize, joinable, RemoteQueue.share(owner, id, maxSize == 0 && !joinable, maxSize == 0));
        }
    }
}
