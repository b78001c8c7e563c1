package io.github.mp4j.shared.internal;

import io.github.mp4j.resource.MappedSegment;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A segment file mapped into this process, in windows, so that files beyond the 2 GiB a Java 17
 * {@link MappedByteBuffer} can hold work on every JDK (no FFM API needed).
 *
 * <p>Window {@code k} maps the file from byte {@code k * 1 GiB} for up to {@code 2 GiB - 1} bytes,
 * so neighbouring windows overlap by almost 1 GiB. Every range of up to 1 GiB therefore lies
 * whole in the window where it starts: a primitive never straddles two windows, and a view or
 * bulk copy of up to 1 GiB is one slice. A file up to {@code 2 GiB - 1} bytes is one window.
 *
 * <pre>
 *  file      0         1 GiB       2 GiB       3 GiB     fileSize
 *            |-----------|-----------|-----------|----------|
 *  window 0  [=======================)
 *  window 1              [=======================)
 *  window 2                          [======================]
 *  window 3                                      [==========]
 * </pre>
 *
 * The overlap costs virtual address space only: every window maps the same file pages.
 *
 * <p>{@link #close()} unmaps at once rather than when the garbage collector gets round to it
 * ({@code /dev/shm} pages count against the machine, not the heap). Touching an unmapped window
 * would crash the JVM, so every access runs between {@link #enter()} and {@link #exit()}, and the
 * windows are released by whichever of {@code close} and the last {@code exit} comes last. Once a
 * {@linkplain #exported() view was handed out}, nothing can revoke it: the windows then stay
 * until the garbage collector finds them unreachable.
 */
public final class Mapping {

    /** log2 of the distance between window starts. */
    static final int WINDOW_SHIFT = 30;
    /** The longest range guaranteed to lie in one window, wherever it starts. */
    public static final long MAX_SLICE = 1L << WINDOW_SHIFT;

    private static final VarHandle SHORTS = MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.nativeOrder());
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle FLOATS = MethodHandles.byteBufferViewVarHandle(float[].class, ByteOrder.nativeOrder());
    private static final VarHandle DOUBLES = MethodHandles.byteBufferViewVarHandle(double[].class, ByteOrder.nativeOrder());
    /** Set in {@link #users} once closed; the low bits count threads between enter and exit. */
    private static final int CLOSED = 1 << 30;

    private final MappedByteBuffer[] windows;
    private final long fileSize;
    private final AtomicInteger users = new AtomicInteger();
    private volatile boolean exported;

    private Mapping(MappedByteBuffer[] windows, long fileSize) {
        this.windows = windows;
        this.fileSize = fileSize;
    }

    /**
     * Maps a whole file, read-write.
     *
     * @param channel the open file
     * @param fileSize its length
     * @return the mapping
     * @throws IOException if the system refuses a window; those already made are unmapped
     */
    public static Mapping map(FileChannel channel, long fileSize) throws IOException {
        int count = fileSize <= Integer.MAX_VALUE ? 1 : (int) ((fileSize + MAX_SLICE - 1) >>> WINDOW_SHIFT);
        MappedByteBuffer[] windows = new MappedByteBuffer[count];
        try {
            for (int k = 0; k < count; k++) {
                long start = (long) k << WINDOW_SHIFT;
                long length = Math.min(fileSize - start, Integer.MAX_VALUE);
                windows[k] = channel.map(FileChannel.MapMode.READ_WRITE, start, length);
            }
        } catch (IOException | RuntimeException e) {
            for (MappedByteBuffer window : windows) {
                if (window != null) {
                    MappedSegment.unmap(window);
                }
            }
            throw e;
        }
        return new Mapping(windows, fileSize);
    }

    /** @return the mapped file's length */
    public long fileSize() {
        return fileSize;
    }

    /**
     * Pins the windows until {@link #exit()}; every access must be pinned.
     *
     * @return {@code false} if the mapping is closed: do not touch it
     */
    public boolean enter() {
        while (true) {
            int state = users.get();
            if ((state & CLOSED) != 0) {
                return false;
            }
            if (users.compareAndSet(state, state + 1)) {
                return true;
            }
        }
    }

    /** Ends an access begun by a successful {@link #enter()}. */
    public void exit() {
        if (users.decrementAndGet() == CLOSED) {
            unmap();
        }
    }

    /** Unmaps once no access is in progress, unless a view was handed out. Idempotent. */
    public void close() {
        int before = users.getAndUpdate(state -> state | CLOSED);
        if (before == 0) {
            unmap();
        }
    }

    /** @return whether {@link #slice} ever handed out a view */
    public boolean exported() {
        return exported;
    }

    /**
     * A view the caller may keep: the windows then stay mapped until it is unreachable.
     *
     * @param fileOffset where it starts
     * @param length its length; the range must lie in one window (any range of up to {@link #MAX_SLICE} does)
     * @return the view, in the platform's byte order
     */
    public ByteBuffer slice(long fileOffset, int length) {
        exported = true;
        return window(fileOffset).slice(local(fileOffset), length).order(ByteOrder.nativeOrder());
    }

    /**
     * @param fileOffset where a range starts
     * @return how many bytes from there lie in the window that holds {@code fileOffset}
     */
    public long windowRemaining(long fileOffset) {
        return window(fileOffset).capacity() - local(fileOffset);
    }

    /**
     * Copies bytes between the file and a buffer, window by window.
     *
     * @param fileOffset where in the file
     * @param buffer its position advances by what was copied, up to its limit
     * @param toFile whether to copy from the buffer into the file
     */
    public void copy(long fileOffset, ByteBuffer buffer, boolean toFile) {
        long at = fileOffset;
        while (buffer.hasRemaining()) {
            int chunk = (int) Math.min(buffer.remaining(), Math.min(windowRemaining(at), MAX_SLICE));
            ByteBuffer window = window(at);
            int local = local(at);
            if (toFile) {
                window.put(local, buffer, buffer.position(), chunk);
            } else {
                buffer.put(buffer.position(), window, local, chunk);
            }
            buffer.position(buffer.position() + chunk);
            at += chunk;
        }
    }

    /**
     * Copies bytes between the file and an array, window by window.
     *
     * @param fileOffset where in the file
     * @param array the array
     * @param offset where in the array
     * @param length how many bytes
     * @param toFile whether to copy from the array into the file
     */
    public void copy(long fileOffset, byte[] array, int offset, int length, boolean toFile) {
        long at = fileOffset;
        int done = 0;
        while (done < length) {
            int chunk = (int) Math.min(length - done, Math.min(windowRemaining(at), MAX_SLICE));
            if (toFile) {
                window(at).put(local(at), array, offset + done, chunk);
            } else {
                window(at).get(local(at), array, offset + done, chunk);
            }
            done += chunk;
            at += chunk;
        }
    }

    /**
     * Copies elements between the file and an array, window by window; an element never straddles two.
     *
     * @param fileOffset where the first element is in the file
     * @param elementSize the elements' size in bytes
     * @param arrayOffset where the first element is in the array
     * @param count how many elements
     * @param chunk copies {@code n} elements between a view of the file and the array from {@code at}
     */
    public void copyElements(long fileOffset, int elementSize, int arrayOffset, int count, ElementCopy chunk) {
        long at = fileOffset;
        int done = 0;
        while (done < count) {
            int n = (int) Math.min(count - done, Math.min(windowRemaining(at), MAX_SLICE) / elementSize);
            chunk.copy(transientSlice(at, n * elementSize), arrayOffset + done, n);
            done += n;
            at += (long) n * elementSize;
        }
    }

    /** One window's part of an {@link #copyElements element copy}. */
    @FunctionalInterface
    public interface ElementCopy {
        /**
         * @param view the file's bytes for this part, in the platform's byte order
         * @param at where in the array this part starts
         * @param n how many elements
         */
        void copy(ByteBuffer view, int at, int n);
    }

    /**
     * A temporary view for one copy of up to {@link #MAX_SLICE} bytes; not kept, so not exported.
     *
     * @param fileOffset where it starts
     * @param length its length
     * @return the view, in the platform's byte order
     */
    public ByteBuffer transientSlice(long fileOffset, int length) {
        return window(fileOffset).slice(local(fileOffset), length).order(ByteOrder.nativeOrder());
    }

    /**
     * @param fileOffset where
     * @return the byte there
     */
    public byte getByte(long fileOffset) {
        return window(fileOffset).get(local(fileOffset));
    }

    /**
     * @param fileOffset where
     * @param value stored
     */
    public void putByte(long fileOffset, byte value) {
        window(fileOffset).put(local(fileOffset), value);
    }

    /**
     * @param fileOffset where
     * @return the short there
     */
    public short getShort(long fileOffset) {
        return (short) SHORTS.get(window(fileOffset), local(fileOffset));
    }

    /**
     * @param fileOffset where
     * @param value stored
     */
    public void putShort(long fileOffset, short value) {
        SHORTS.set(window(fileOffset), local(fileOffset), value);
    }

    /**
     * @param fileOffset where
     * @return the float there
     */
    public float getFloat(long fileOffset) {
        return (float) FLOATS.get(window(fileOffset), local(fileOffset));
    }

    /**
     * @param fileOffset where
     * @param value stored
     */
    public void putFloat(long fileOffset, float value) {
        FLOATS.set(window(fileOffset), local(fileOffset), value);
    }

    /**
     * @param fileOffset where
     * @return the double there
     */
    public double getDouble(long fileOffset) {
        return (double) DOUBLES.get(window(fileOffset), local(fileOffset));
    }

    /**
     * @param fileOffset where
     * @param value stored
     */
    public void putDouble(long fileOffset, double value) {
        DOUBLES.set(window(fileOffset), local(fileOffset), value);
    }

    /**
     * The int accesses, in every memory ordering.
     *
     * @param fileOffset where; a multiple of 4 unless {@code order} is {@link Order#PLAIN}
     * @param order how
     * @return the int there
     */
    public int getInt(long fileOffset, Order order) {
        ByteBuffer window = window(fileOffset);
        int local = local(fileOffset);
        return switch (order) {
            case PLAIN -> (int) INTS.get(window, local);
            case VOLATILE -> (int) INTS.getVolatile(window, local);
            case ORDERED -> (int) INTS.getAcquire(window, local);
        };
    }

    /**
     * @param fileOffset where; a multiple of 4 unless {@code order} is {@link Order#PLAIN}
     * @param value stored
     * @param order how
     */
    public void putInt(long fileOffset, int value, Order order) {
        ByteBuffer window = window(fileOffset);
        int local = local(fileOffset);
        switch (order) {
            case PLAIN -> INTS.set(window, local, value);
            case VOLATILE -> INTS.setVolatile(window, local, value);
            case ORDERED -> INTS.setRelease(window, local, value);
            default -> throw new IllegalArgumentException(order.name());
        }
    }

    /**
     * @param fileOffset where; a multiple of 4
     * @param expected the value it must have
     * @param value the value it gets if so
     * @return whether it had {@code expected}
     */
    public boolean compareAndSetInt(long fileOffset, int expected, int value) {
        return INTS.compareAndSet(window(fileOffset), local(fileOffset), expected, value);
    }

    /**
     * @param fileOffset where; a multiple of 4
     * @param delta added atomically
     * @return the value before
     */
    public int getAndAddInt(long fileOffset, int delta) {
        return (int) INTS.getAndAdd(window(fileOffset), local(fileOffset), delta);
    }

    /**
     * @param fileOffset where; a multiple of 8 unless {@code order} is {@link Order#PLAIN}
     * @param order how
     * @return the long there
     */
    public long getLong(long fileOffset, Order order) {
        ByteBuffer window = window(fileOffset);
        int local = local(fileOffset);
        return switch (order) {
            case PLAIN -> (long) LONGS.get(window, local);
            case VOLATILE -> (long) LONGS.getVolatile(window, local);
            case ORDERED -> (long) LONGS.getAcquire(window, local);
        };
    }

    /**
     * @param fileOffset where; a multiple of 8 unless {@code order} is {@link Order#PLAIN}
     * @param value stored
     * @param order how
     */
    public void putLong(long fileOffset, long value, Order order) {
        ByteBuffer window = window(fileOffset);
        int local = local(fileOffset);
        switch (order) {
            case PLAIN -> LONGS.set(window, local, value);
            case VOLATILE -> LONGS.setVolatile(window, local, value);
            case ORDERED -> LONGS.setRelease(window, local, value);
            default -> throw new IllegalArgumentException(order.name());
        }
    }

    /**
     * @param fileOffset where; a multiple of 8
     * @param expected the value it must have
     * @param value the value it gets if so
     * @return whether it had {@code expected}
     */
    public boolean compareAndSetLong(long fileOffset, long expected, long value) {
        return LONGS.compareAndSet(window(fileOffset), local(fileOffset), expected, value);
    }

    /**
     * @param fileOffset where; a multiple of 8
     * @param delta added atomically
     * @return the value before
     */
    public long getAndAddLong(long fileOffset, long delta) {
        return (long) LONGS.getAndAdd(window(fileOffset), local(fileOffset), delta);
    }

    /** Memory orderings of a load or store; {@code ORDERED} is acquire for loads, release for stores. */
    public enum Order {
        /** No ordering; any alignment. */
        PLAIN,
        /** Sequentially consistent, as a Java {@code volatile}. */
        VOLATILE,
        /** Acquire (loads) or release (stores). */
        ORDERED
    }

    private ByteBuffer window(long fileOffset) {
        return windows.length == 1 ? windows[0] : windows[(int) (fileOffset >>> WINDOW_SHIFT)];
    }

    private int local(long fileOffset) {
        return windows.length == 1 ? (int) fileOffset : (int) (fileOffset & (MAX_SLICE - 1));
    }

    private void unmap() {
        if (exported) {
            return; // a view may still be in use: the garbage collector unmaps once all are unreachable
        }
        for (MappedByteBuffer window : windows) {
            MappedSegment.unmap(window);
        }
    }
}
