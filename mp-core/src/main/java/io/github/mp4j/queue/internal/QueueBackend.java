package io.github.mp4j.queue.internal;

import io.github.mp4j.serial.ObjectCodec;
import java.nio.ByteBuffer;

/**
 * Where a handle's operations go: straight to the items in the process that owns the queue, or
 * over sockets to that process from any other. Items are already serialized here.
 */
interface QueueBackend {

    /** @return whether the item was added in time (negative timeout: wait forever) */
    boolean put(byte[] item, long timeoutNanos);

    /**
     * Puts an item that is still in the caller's encoding buffer. Backends that would keep it
     * copy it; a producer's stream to another process's unbounded queue sends a large one
     * straight from that buffer.
     *
     * @param item the encoded item, valid only during this call
     * @param timeoutNanos as for {@link #put(byte[], long)}
     * @return whether the item was added in time
     */
    default boolean put(ByteBuffer item, long timeoutNanos) {
        byte[] copy = new byte[item.remaining()];
        item.get(copy);
        return put(copy, timeoutNanos);
    }

    /**
     * Puts a large byte-array item, which a backend may keep or send as the array itself rather
     * than serialized (see {@link RawBytes}).
     *
     * @param value the item, still the caller's: it may change once this returns
     * @param timeoutNanos as for {@link #put(byte[], long)}
     * @return whether the item was added in time
     */
    default boolean putBytes(byte[] value, long timeoutNanos) {
        return put(ObjectCodec.encodeToBuffer(value), timeoutNanos);
    }

    /**
     * @return the head item, as a serialized {@code byte[]} or as {@link RawBytes}; or
     *     {@code null} if none came in time
     */
    Object take(long timeoutNanos);

    int size();

    /** A get was refused because its thread is interrupted; by default nothing happens. */
    default void interrupted() {
    }

    void taskDone();

    boolean join(long timeoutNanos);

    /**
     * Releases what this process holds for the handle once the handle is unreachable, if it was
     * not closed before. Called once, right after the handle is made; by default there is
     * nothing to release.
     *
     * @param handle the handle this backend is for
     */
    default void releaseWhenUnreachable(Object handle) {
    }

    /** The handle is being encoded, to be sent to another process. */
    default void sending() {
    }

    /** Hands over everything this process put, then releases this process's resources. */
    void close();
}
