package io.github.mp4j.shared;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.mp4j.shared.internal.Mapping;
import io.github.mp4j.shared.internal.Mapping.Order;
import io.github.mp4j.shared.internal.SegmentFiles;
import io.github.mp4j.shared.internal.SegmentHeader;
import io.github.mp4j.shared.internal.Tracker;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A block of memory that processes share by name: Python's
 * {@code multiprocessing.shared_memory.SharedMemory}.
 *
 * <pre>{@code
 * try (SharedMemory shm = SharedMemory.create(8 * 1_000_000)) {     // Mp.sharedMemory(...)
 *     ChildProcess child = Mp.process(s -> s.putLong(0, 42), shm);   // travels as name and size
 *     child.start();
 *     child.join();
 *     shm.getLong(0);                                                // 42
 * }                                                                  // unmapped and unlinked
 * }</pre>
 *
 * <h2>Names, creation, attaching</h2>
 * A segment is {@linkplain #create(String, long) created} with a name of 1 to 200 characters of
 * {@code A-Z a-z 0-9 _ . -}, or an {@linkplain #create(long) automatic} one, and is zero-filled.
 * Any process of the same user {@linkplain #attach(String) attaches} to it by name; names are
 * private to the user (the files are {@code rw-------} in a {@code rwx------} directory, see
 * {@code RuntimeDirectory.sharedMemory()}, {@code /dev/shm/mp4j-<user>} on Linux). A handle
 * passed to another process (a child's argument, a pool task, an initializer, inside a queue
 * item or a pipe message, by Kryo or Java serialization) travels as its name and size, never its
 * contents, and attaches on first use there. Attaching a name that does not exist throws
 * {@link NoSuchSharedMemoryException}; a file that is not a segment, or a segment smaller than
 * asked for, or of another size than the handle sent says, throws {@link SharedMemoryException}
 * naming what was expected and what was found. A received handle never unlinks; with
 * {@code StartMethod.THREADS}, targets are not serialized, so a thread gets the very handle it was
 * given and closing it there closes it for the whole JVM.
 *
 * <h2>Access</h2>
 * Offsets are {@code long}s from 0 to {@link #size()}. The typed accessors use the platform's
 * byte order ({@code ByteOrder.nativeOrder()}); {@code get}/{@code put} are plain accesses (any
 * alignment, no ordering, as plain fields between threads); {@code getXVolatile}/{@code putXVolatile}
 * are sequentially consistent, {@code getXAcquire}/{@code putXRelease} acquire/release, and
 * {@code compareAndSetX}/{@code getAndAddX} atomic, for {@code int}s and {@code long}s at offsets
 * that are multiples of their size. Those orderings hold between processes as they hold between
 * threads: a {@code putLongRelease} in one process makes the stores before it visible to a
 * process whose {@code getLongAcquire} reads the value. {@link #buffer()} is a zero-copy
 * {@link ByteBuffer} view; the bulk {@code get}/{@code put} copy arrays and buffers in and out.
 *
 * <h2>Larger than 2 GiB</h2>
 * A segment may be any size the file system holds. On every JDK (17 and later, without the FFM
 * API) it is mapped in windows of up to 2 GiB that start every 1 GiB, so a primitive never spans
 * two windows and any range of up to 1 GiB is one zero-copy view ({@link #buffer(long, int)}).
 * Pages are allocated when first touched, as with POSIX {@code shm_open}; creation refuses a size
 * larger than the free space of the directory's file system.
 *
 * <h2>Lifetime and cleanup</h2>
 * {@link #close()} unmaps this process's view at once (or, if a {@link #buffer()} view was taken,
 * once every view is unreachable: Java cannot revoke a {@code ByteBuffer}); later accesses throw
 * {@link IllegalStateException}. {@link #unlink()} removes the name; processes that attached
 * keep their mapping until they close it. Unlike Python, a segment is <em>tracked</em> by default:
 * the creating handle's {@code close()} also unlinks it, the creating process unlinks the segments
 * it still has at its normal exit (after its children were joined or terminated), and a segment
 * whose creator was killed or crashed is removed by the next {@linkplain #removeOrphans() sweep}:
 * the first time any process of the user creates or attaches a segment; in a process that used
 * one, whenever a child JVM it started exits, and at its normal exit; or on an explicit call.
 * {@link #keep()} opts out: the segment then lives
 * until someone unlinks it, as in Python. Nothing is ever reported as "leaked".
 *
 * <p>A handle is safe for concurrent use by several threads.
 */
@DefaultSerializer(SharedMemory.Codec.class)
public final class SharedMemory implements AutoCloseable, Serializable {

    private static final long serialVersionUID = 1L;
    private static final int HEADER = SegmentHeader.SIZE;

    private final String name;
    private final long size;
    private final boolean creator;
    private volatile Mapping mapping;
    private volatile boolean closed;

    private SharedMemory(String name, long size, boolean creator, Mapping mapping) {
        this.name = name;
        this.size = size;
        this.creator = creator;
        this.mapping = mapping;
    }

    /**
     * Creates a zero-filled segment with a fresh name, tracked (see {@link #keep()}).
     *
     * @param size its size in bytes, at least 1
     * @return the creating handle; its {@link #close()} unlinks the segment
     * @throws SharedMemoryException if the file system has not that much room
     */
    public static SharedMemory create(long size) {
        while (true) {
            try {
                return create(SegmentFiles.autoName(), size);
            } catch (SharedMemoryExistsException e) {
                // a random name was taken: draw another
            }
        }
    }

    /**
     * Creates a zero-filled segment, tracked (see {@link #keep()}).
     *
     * @param name 1 to 200 characters of {@code A-Z a-z 0-9 _ . -}
     * @param size its size in bytes, at least 1
     * @return the creating handle; its {@link #close()} unlinks the segment
     * @throws IllegalArgumentException if the name or size is not allowed
     * @throws SharedMemoryExistsException if a segment of that name exists
     * @throws SharedMemoryException if the file system has not that much room
     */
    public static SharedMemory create(String name, long size) {
        SegmentFiles.checkName(name);
        if (size < 1) {
            throw new IllegalArgumentException("a shared-memory segment's size must be >= 1 byte, was " + size);
        }
        Tracker.start();
        Mapping mapping = SegmentFiles.create(name, size, SegmentHeader.TRACKED);
        Tracker.created(SegmentFiles.path(name));
        return new SharedMemory(name, size, true, mapping);
    }

    /**
     * Attaches to an existing segment by name.
     *
     * @param name the name it was created with
     * @return a handle of the segment's size; its {@link #close()} only unmaps
     * @throws NoSuchSharedMemoryException if there is no segment of that name
     * @throws SharedMemoryException if the file of that name is not a segment
     */
    public static SharedMemory attach(String name) {
        return attach(name, 0);
    }

    /**
     * Attaches to an existing segment by name, which must hold at least {@code minimumSize} bytes.
     *
     * @param name the name it was created with
     * @param minimumSize the size the caller needs
     * @return a handle of the segment's (whole) size; its {@link #close()} only unmaps
     * @throws NoSuchSharedMemoryException if there is no segment of that name
     * @throws SharedMemoryException if it is smaller than {@code minimumSize}, or not a segment
     */
    public static SharedMemory attach(String name, long minimumSize) {
        SegmentFiles.checkName(name);
        Tracker.start();
        Mapping mapping = SegmentFiles.open(name);
        long found = mapping.fileSize() - HEADER;
        if (found < minimumSize) {
            mapping.close();
            throw new SharedMemoryException("shared memory '" + name + "' has " + found + " bytes, fewer than the "
                    + minimumSize + " asked for");
        }
        return new SharedMemory(name, found, false, mapping);
    }

    /**
     * Removes every tracked segment of this user whose creator is no longer running: what runs by
     * itself at the times the {@linkplain SharedMemory class documentation} lists.
     *
     * @return how many segments it removed
     */
    public static int removeOrphans() {
        return Tracker.sweep();
    }

    /** @return the name other processes attach with */
    public String name() {
        return name;
    }

    /** @return the size in bytes */
    public long size() {
        return size;
    }

    /** @return whether this handle created the segment (and so unlinks it on {@link #close()} unless {@linkplain #keep() kept}) */
    public boolean isCreator() {
        return creator;
    }

    /** @return whether {@link #close()} was called on this handle */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops tracking the segment: no {@code close()} and no process exit unlinks it and no sweep
     * removes it; it lives until someone calls {@link #unlink()} (Python's semantics). Works from
     * any handle, in any process.
     *
     * @return this handle
     */
    public SharedMemory keep() {
        Mapping m = pin();
        try {
            int flags;
            do {
                flags = m.getInt(SegmentHeader.FLAGS_OFFSET, Order.VOLATILE);
            } while (!m.compareAndSetInt(SegmentHeader.FLAGS_OFFSET, flags, flags & ~SegmentHeader.TRACKED));
        } finally {
            m.exit();
        }
        Tracker.forget(SegmentFiles.path(name));
        return this;
    }

    /**
     * A zero-copy view of the whole segment, positioned at 0, in the platform's byte order.
     * Taking a view defers the unmapping by {@link #close()} until every view is unreachable.
     *
     * @return the view
     * @throws IllegalStateException if the segment has {@code 2 GiB - 64} bytes or more: take
     *     views of up to 1 GiB with {@link #buffer(long, int)}
     */
    public ByteBuffer buffer() {
        if (size > Integer.MAX_VALUE - HEADER) {
            throw new IllegalStateException("shared memory '" + name + "' has " + size + " bytes, more than one ByteBuffer"
                    + " can hold (" + (Integer.MAX_VALUE - HEADER) + "); take views of up to 1 GiB with buffer(offset, length)");
        }
        return buffer(0, (int) size);
    }

    /**
     * A zero-copy view of part of the segment, positioned at 0, in the platform's byte order.
     * Taking a view defers the unmapping by {@link #close()} until every view is unreachable.
     *
     * @param offset where it starts
     * @param length its length; any length up to 1 GiB, and longer ones below the 2 GiB mark
     * @return the view
     * @throws IndexOutOfBoundsException if the range is not within the segment
     * @throws IllegalArgumentException if the range is longer than 1 GiB and crosses a window
     */
    public ByteBuffer buffer(long offset, int length) {
        Mapping m = enter(offset, length);
        try {
            if (length > m.windowRemaining(HEADER + offset)) {
                throw new IllegalArgumentException("a view of " + length + " bytes at " + offset + " of shared memory '"
                        + name + "' crosses a mapping window; views longer than " + Mapping.MAX_SLICE
                        + " bytes must lie below the 2 GiB mark");
            }
            return m.slice(HEADER + offset, length);
        } finally {
            m.exit();
        }
    }

    /**
     * @param offset where; any alignment
     * @return the byte there, read plainly
     */
    public byte getByte(long offset) {
        Mapping m = enter(offset, 1);
        try {
            return m.getByte(HEADER + offset);
        } finally {
            m.exit();
        }
    }

    /**
     * @param offset where; any alignment
     * @param value stored plainly
     */
    public void putByte(long offset, byte value) {
        Mapping m = enter(offset, 1);
        try {
            m.putByte(HEADER + offset, value);
        } finally {
            m.exit();
        }
    }

    /**
     * @param offset where; any alignment
     * @return the short there, read plainly
     */
    public short getShort(long offset) {
        Mapping m = enter(offset, 2);
        try {
            return m.getShort(HEADER + offset);
        } finally {
            m.exit();
        }
    }

    /**
     * @param offset where; any alignment
     * @param value stored plainly
     */
    public void putShort(long offset, short value) {
        Mapping m = enter(offset, 2);
        try {
            m.putShort(HEADER + offset, value);
        } finally {
            m.exit();
        }
    }

    /**
     * @param offset where; any alignment
     * @return the int there, read plainly
     */
    public int getInt(long offset) {
        Mapping m = enter(offset, 4);
        try {
            return m.getInt(HEADER + offset, Order.PLAIN);
        } finally {
            m.exit();
        }
    }

    /**
     * @param offset where; any alignment
     * @param value stored plainly
     */
    public void putInt(long offset, int value) {
        Mapping m = enter(offset, 4);
        try {
            m.putInt(HEADER + offset, value, Order.PLAIN);
        } finally {
            m.exit();
        }
    }

    /**
     * @param offset where; any alignment
     * @return the long there, read plainly
     */
    public long getLong(long offset) {
        Mapping m = enter(offset, 8);
        try {
            return m.getLong(HEADER + offset, Order.PLAIN);
        } finally {
            m.exit();
        }
    }

    /**
     * @param offset where; any alignment
     * @param value stored plainly
     */
    public void putLong(long offset, long value) {
        Mapping m = enter(offset, 8);
        try {
            m.putLong(HEADER + offset, value, Order.PLAIN);
        } finally {
            m.exit();
        }
    }

    /**
     * @param offset where; any alignment
     * @return the float there, read plainly
     */
    public float getFloat(long offset) {
        Mapping m = enter(offset, 4);
        try {
            return m.getFloat(HEADER + offset);
        } finally {
            m.exit();
        }
    }

    /**
     * @param offset where; any alignment
     * @param value stored plainly
     */
    public void putFloat(long offset, float value) {
        Mapping m = enter(offset, 4);
        try {
            m.putFloat(HEADER + offset, value);
        } finally {
            m.exit();
        }
    }

    /**
     * @param offset where; any alignment
     * @return the double there, read plainly
     */
    public double getDouble(long offset) {
        Mapping m = enter(offset, 8);
        try {
            return m.getDouble(HEADER + offset);
        } finally {
            m.exit();
        }
    }

    /**
     * @param offset where; any alignment
     * @param value stored plainly
     */
    public void putDouble(long offset, double value) {
        Mapping m = enter(offset, 8);
        try {
            m.putDouble(HEADER + offset, value);
        } finally {
            m.exit();
        }
    }

    /**
     * @param offset where; a multiple of 4
     * @return the int there, read sequentially consistent (volatile)
     */
    public int getIntVolatile(long offset) {
        Mapping m = enterAligned(offset, 4);
        try {
            return m.getInt(HEADER + offset, Order.VOLATILE);
        } finally {
            m.exit();
        }
    }

    /**
     * @param offset where; a multiple of 4
     * @param value stored sequentially consistent (volatile)
     */
    public void putIntVolatile(long offset, int value) {
        Mapping m = enterAligned(offset, 4);
        try {
            m.putInt(HEADER + offset, value, Order.VOLATILE);
        } finally {
            m.exit();
        }
    }

    /**
     * @param offset where; a multiple of 4
     * @return the int there, read with acquire semantics
     */
    public int getIntAcquire(long offset) {
        Mapping m = enterAligned(offset, 4);
        try {
            return m.getInt(HEADER + offset, Order.ORDERED);
        } finally {
            m.exit();
        }
    }

    /**
     * @param offset where; a multiple of 4
     * @param value stored with release semantics
     */
    public void putIntRelease(long offset, int value) {
        Mapping m = enterAligned(offset, 4);
        try {
            m.putInt(HEADER + offset, value, Order.ORDERED);
        } finally {
            m.exit();
        }
    }

    /**
     * Atomically sets the int at {@code offset} to {@code value} if it is {@code expected} (volatile semantics).
     *
     * @param offset where; a multiple of 4
     * @param expected the value it must have
     * @param value the value it gets if so
     * @return whether it had {@code expected}
     */
    public boolean compareAndSetInt(long offset, int expected, int value) {
        Mapping m = enterAligned(offset, 4);
        try {
            return m.compareAndSetInt(HEADER + offset, expected, value);
        } finally {
            m.exit();
        }
    }

    /**
     * Atomically adds to the int at {@code offset} (volatile semantics).
     *
     * @param offset where; a multiple of 4
     * @param delta what to add
     * @return the value before
     */
    public int getAndAddInt(long offset, int delta) {
        Mapping m = enterAligned(offset, 4);
        try {
            return m.getAndAddInt(HEADER + offset, delta);
        } finally {
            m.exit();
        }
    }

    /**
     * @param offset where; a multiple of 8
     * @return the long there, read sequentially consistent (volatile)
     */
    public long getLongVolatile(long offset) {
        Mapping m = enterAligned(offset, 8);
        try {
            return m.getLong(HEADER + offset, Order.VOLATILE);
        } finally {
            m.exit();
        }
    }

    /**
     * @param offset where; a multiple of 8
     * @param value stored sequentially consistent (volatile)
     */
    public void putLongVolatile(long offset, long value) {
        Mapping m = enterAligned(offset, 8);
        try {
            m.putLong(HEADER + offset, value, Order.VOLATILE);
        } finally {
            m.exit();
        }
    }

    /**
     * @param offset where; a multiple of 8
     * @return the long there, read with acquire semantics
     */
    public long getLongAcquire(long offset) {
        Mapping m = enterAligned(offset, 8);
        try {
            return m.getLong(HEADER + offset, Order.ORDERED);
        } finally {
            m.exit();
        }
    }

    /**
     * @param offset where; a multiple of 8
     * @param value stored with release semantics
     */
    public void putLongRelease(long offset, long value) {
        Mapping m = enterAligned(offset, 8);
        try {
            m.putLong(HEADER + offset, value, Order.ORDERED);
        } finally {
            m.exit();
        }
    }

    /**
     * Atomically sets the long at {@code offset} to {@code value} if it is {@code expected} (volatile semantics).
     *
     * @param offset where; a multiple of 8
     * @param expected the value it must have
     * @param value the value it gets if so
     * @return whether it had {@code expected}
     */
    public boolean compareAndSetLong(long offset, long expected, long value) {
        Mapping m = enterAligned(offset, 8);
        try {
            return m.compareAndSetLong(HEADER + offset, expected, value);
        } finally {
            m.exit();
        }
    }

    /**
     * Atomically adds to the long at {@code offset} (volatile semantics).
     *
     * @param offset where; a multiple of 8
     * @param delta what to add
     * @return the value before
     */
    public long getAndAddLong(long offset, long delta) {
        Mapping m = enterAligned(offset, 8);
        try {
            return m.getAndAddLong(HEADER + offset, delta);
        } finally {
            m.exit();
        }
    }

    /**
     * Copies bytes out, filling {@code target} from its position to its limit.
     *
     * @param offset where in the segment
     * @param target where to; its position advances to its limit
     */
    public void get(long offset, ByteBuffer target) {
        Mapping m = enter(offset, target.remaining());
        try {
            m.copy(HEADER + offset, target, false);
        } finally {
            m.exit();
        }
    }

    /**
     * Copies bytes in, all of {@code source} from its position to its limit.
     *
     * @param offset where in the segment
     * @param source where from; its position advances to its limit
     */
    public void put(long offset, ByteBuffer source) {
        Mapping m = enter(offset, source.remaining());
        try {
            m.copy(HEADER + offset, source, true);
        } finally {
            m.exit();
        }
    }

    /**
     * Copies bytes out.
     *
     * @param offset where in the segment
     * @param target where to
     * @param targetOffset where in {@code target}
     * @param length how many bytes
     */
    public void get(long offset, byte[] target, int targetOffset, int length) {
        Objects.checkFromIndexSize(targetOffset, length, target.length);
        Mapping m = enter(offset, length);
        try {
            m.copy(HEADER + offset, target, targetOffset, length, false);
        } finally {
            m.exit();
        }
    }

    /**
     * Copies bytes in.
     *
     * @param offset where in the segment
     * @param source where from
     * @param sourceOffset where in {@code source}
     * @param length how many bytes
     */
    public void put(long offset, byte[] source, int sourceOffset, int length) {
        Objects.checkFromIndexSize(sourceOffset, length, source.length);
        Mapping m = enter(offset, length);
        try {
            m.copy(HEADER + offset, source, sourceOffset, length, true);
        } finally {
            m.exit();
        }
    }

    /**
     * Copies shorts out, in the platform's byte order.
     *
     * @param offset where in the segment the first one is; any alignment
     * @param target where to
     * @param targetOffset where in {@code target}
     * @param length how many shorts
     */
    public void get(long offset, short[] target, int targetOffset, int length) {
        Objects.checkFromIndexSize(targetOffset, length, target.length);
        copyElements(offset, 2, targetOffset, length, (view, at, n) -> view.asShortBuffer().get(target, at, n));
    }

    /**
     * Copies shorts in, in the platform's byte order.
     *
     * @param offset where in the segment the first one goes; any alignment
     * @param source where from
     * @param sourceOffset where in {@code source}
     * @param length how many shorts
     */
    public void put(long offset, short[] source, int sourceOffset, int length) {
        Objects.checkFromIndexSize(sourceOffset, length, source.length);
        copyElements(offset, 2, sourceOffset, length, (view, at, n) -> view.asShortBuffer().put(source, at, n));
    }

    /**
     * Copies ints out, in the platform's byte order.
     *
     * @param offset where in the segment the first one is; any alignment
     * @param target where to
     * @param targetOffset where in {@code target}
     * @param length how many ints
     */
    public void get(long offset, int[] target, int targetOffset, int length) {
        Objects.checkFromIndexSize(targetOffset, length, target.length);
        copyElements(offset, 4, targetOffset, length, (view, at, n) -> view.asIntBuffer().get(target, at, n));
    }

    /**
     * Copies ints in, in the platform's byte order.
     *
     * @param offset where in the segment the first one goes; any alignment
     * @param source where from
     * @param sourceOffset where in {@code source}
     * @param length how many ints
     */
    public void put(long offset, int[] source, int sourceOffset, int length) {
        Objects.checkFromIndexSize(sourceOffset, length, source.length);
        copyElements(offset, 4, sourceOffset, length, (view, at, n) -> view.asIntBuffer().put(source, at, n));
    }

    /**
     * Copies longs out, in the platform's byte order.
     *
     * @param offset where in the segment the first one is; any alignment
     * @param target where to
     * @param targetOffset where in {@code target}
     * @param length how many longs
     */
    public void get(long offset, long[] target, int targetOffset, int length) {
        Objects.checkFromIndexSize(targetOffset, length, target.length);
        copyElements(offset, 8, targetOffset, length, (view, at, n) -> view.asLongBuffer().get(target, at, n));
    }

    /**
     * Copies longs in, in the platform's byte order.
     *
     * @param offset where in the segment the first one goes; any alignment
     * @param source where from
     * @param sourceOffset where in {@code source}
     * @param length how many longs
     */
    public void put(long offset, long[] source, int sourceOffset, int length) {
        Objects.checkFromIndexSize(sourceOffset, length, source.length);
        copyElements(offset, 8, sourceOffset, length, (view, at, n) -> view.asLongBuffer().put(source, at, n));
    }

    /**
     * Copies floats out, in the platform's byte order.
     *
     * @param offset where in the segment the first one is; any alignment
     * @param target where to
     * @param targetOffset where in {@code target}
     * @param length how many floats
     */
    public void get(long offset, float[] target, int targetOffset, int length) {
        Objects.checkFromIndexSize(targetOffset, length, target.length);
        copyElements(offset, 4, targetOffset, length, (view, at, n) -> view.asFloatBuffer().get(target, at, n));
    }

    /**
     * Copies floats in, in the platform's byte order.
     *
     * @param offset where in the segment the first one goes; any alignment
     * @param source where from
     * @param sourceOffset where in {@code source}
     * @param length how many floats
     */
    public void put(long offset, float[] source, int sourceOffset, int length) {
        Objects.checkFromIndexSize(sourceOffset, length, source.length);
        copyElements(offset, 4, sourceOffset, length, (view, at, n) -> view.asFloatBuffer().put(source, at, n));
    }

    /**
     * Copies doubles out, in the platform's byte order.
     *
     * @param offset where in the segment the first one is; any alignment
     * @param target where to
     * @param targetOffset where in {@code target}
     * @param length how many doubles
     */
    public void get(long offset, double[] target, int targetOffset, int length) {
        Objects.checkFromIndexSize(targetOffset, length, target.length);
        copyElements(offset, 8, targetOffset, length, (view, at, n) -> view.asDoubleBuffer().get(target, at, n));
    }

    /**
     * Copies doubles in, in the platform's byte order.
     *
     * @param offset where in the segment the first one goes; any alignment
     * @param source where from
     * @param sourceOffset where in {@code source}
     * @param length how many doubles
     */
    public void put(long offset, double[] source, int sourceOffset, int length) {
        Objects.checkFromIndexSize(sourceOffset, length, source.length);
        copyElements(offset, 8, sourceOffset, length, (view, at, n) -> view.asDoubleBuffer().put(source, at, n));
    }

    /**
     * Unmaps this process's view (at once, or once every {@link #buffer()} view is unreachable);
     * the creating handle of a tracked segment also unlinks it. Idempotent.
     */
    @Override
    public void close() {
        Mapping m;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            m = mapping;
            mapping = null;
        }
        if (m != null) {
            if (creator && isTracked(m)) {
                unlink();
            }
            m.close();
        }
    }

    /**
     * Removes the segment's name: no process can attach any more; those attached keep their view
     * until they close it. Harmless if already done, by any process.
     */
    public void unlink() {
        SegmentFiles.unlink(name);
    }

    @Override
    public String toString() {
        return "SharedMemory[" + name + ", " + size + " bytes" + (closed ? ", closed" : "") + "]";
    }

    private boolean isTracked(Mapping m) {
        if (!m.enter()) {
            return false;
        }
        try {
            return (m.getInt(SegmentHeader.FLAGS_OFFSET, Order.VOLATILE) & SegmentHeader.TRACKED) != 0;
        } finally {
            m.exit();
        }
    }

    private void copyElements(long offset, int elementSize, int arrayOffset, int count, Mapping.ElementCopy chunk) {
        Mapping m = enter(offset, (long) count * elementSize);
        try {
            m.copyElements(HEADER + offset, elementSize, arrayOffset, count, chunk);
        } finally {
            m.exit();
        }
    }

    /** Pins the mapping for an aligned access. */
    private Mapping enterAligned(long offset, int bytes) {
        if ((offset & (bytes - 1)) != 0) {
            throw new IllegalArgumentException("offset " + offset + " is not a multiple of " + bytes
                    + ": volatile, acquire/release and atomic accesses need aligned offsets");
        }
        return enter(offset, bytes);
    }

    /** Pins the mapping for an access of {@code bytes} at {@code offset}. */
    private Mapping enter(long offset, long bytes) {
        Objects.checkFromIndexSize(offset, bytes, size);
        return pin();
    }

    /** Pins the mapping, attaching first if this handle was received and never used. */
    private Mapping pin() {
        Mapping m = mapping;
        if (m == null) {
            m = attachNow();
        }
        if (!m.enter()) {
            throw closedException();
        }
        return m;
    }

    private synchronized Mapping attachNow() {
        if (closed) {
            throw closedException();
        }
        if (mapping == null) {
            Tracker.start();
            Mapping m = SegmentFiles.open(name);
            long found = m.fileSize() - HEADER;
            if (found != size) {
                m.close();
                throw new SharedMemoryException("shared memory '" + name + "' has " + found + " bytes, but the handle sent"
                        + " here says " + size + ": the name was unlinked and created again with another size");
            }
            mapping = m;
        }
        return mapping;
    }

    private IllegalStateException closedException() {
        return new IllegalStateException("shared memory '" + name + "' was closed by this handle; attach again to use it");
    }

    /** Java serialization sends the name and size only. */
    private Object writeReplace() {
        return new Sent(name, size);
    }

    /** What a handle travels as; it becomes a handle that attaches on first use. */
    private record Sent(String name, long size) implements Serializable {
        private static final long serialVersionUID = 1L;

        private Object readResolve() {
            return received(name, size);
        }
    }

    private static SharedMemory received(String name, long size) {
        return new SharedMemory(SegmentFiles.checkName(name), size, false, null);
    }

    /** Kryo's serializer of handles: the name and size, never the contents; the receiver attaches on first use. */
    public static final class Codec extends Serializer<SharedMemory> {

        /** Makes the serializer; Kryo calls it. */
        public Codec() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, SharedMemory value) {
            output.writeString(value.name);
            output.writeVarLong(value.size, true);
        }

        @Override
        public SharedMemory read(Kryo kryo, Input input, Class<? extends SharedMemory> type) {
            String name = input.readString();
            return received(name, input.readVarLong(true));
        }
    }
}
