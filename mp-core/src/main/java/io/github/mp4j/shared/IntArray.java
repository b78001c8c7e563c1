package io.github.mp4j.shared;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.github.mp4j.resource.MappedSegment;
import io.github.mp4j.shared.internal.ValueSegment;
import java.nio.IntBuffer;

/**
 * A fixed-length array of {@code int}s in shared memory, as Python's
 * {@code multiprocessing.Array('i', n)} (with a lock, {@code Mp.array(...)}) or
 * {@code RawArray} ({@code Mp.rawArray(...)}). Pass it to children, pool tasks or inside
 * messages: it travels as its file's name, never its contents.
 *
 * <p>Layout: {@link ValueSegment} (elements from byte 1152, native byte order, each aligned to
 * its size; the lock word at byte 64). With a lock, every element and bulk access here takes it
 * (a bulk copy once for the whole range), as Python's synchronized array does; hold
 * {@link #getLock()} around updates of your own that must be atomic. {@link #buffer()} is a
 * zero-copy view that never takes the lock: the fastest way to read or write many elements,
 * ordered with other processes only by a lock or another synchronizing action around it.
 * Element accesses are plain (not volatile): publish them to another process with the lock, an
 * {@code Event}, a queue or any other mp4j synchronization.
 */
@DefaultSerializer(ValueHandle.Codec.class)
public final class IntArray extends ValueHandle {

    private IntArray(MappedSegment segment) {
        super(segment, ValueSegment.Element.INT, true);
    }

    /**
     * @param length how many elements, all 0 at first
     * @param locked whether it has a lock ({@code Mp.array}) or is raw ({@code Mp.rawArray})
     * @return a new array in a shared-memory file of its own
     */
    public static IntArray create(int length, boolean locked) {
        return new IntArray(ValueSegment.create(ValueSegment.Element.INT, true, length, locked));
    }

    /**
     * @param initial its elements, copied in
     * @param locked whether it has a lock ({@code Mp.array}) or is raw ({@code Mp.rawArray})
     * @return a new array in a shared-memory file of its own
     */
    public static IntArray create(int[] initial, boolean locked) {
        IntArray array = create(initial.length, locked);
        array.buffer().put(0, initial);
        return array;
    }

    /**
     * Attaches an array another process created, by its {@link #name()}.
     *
     * @param name the file's name
     * @param length the length it must have
     * @return the array
     * @throws io.github.mp4j.MpException if there is no such file, or it holds something else
     *     (the message names what was expected and what was found)
     */
    public static IntArray attach(String name, int length) {
        return new IntArray(ValueSegment.attach(name, ValueSegment.Element.INT, true, length));
    }

    /** @return how many elements it has */
    public int length() {
        return elementCount();
    }

    /**
     * @param index which element
     * @return it
     * @throws IndexOutOfBoundsException if there is no such element
     */
    public int get(int index) {
        int offset = offset(index);
        boolean entered = enter();
        try {
            return segment().getInt(offset);
        } finally {
            leave(entered);
        }
    }

    /**
     * @param index which element
     * @param value its new value
     * @throws IndexOutOfBoundsException if there is no such element
     */
    public void set(int index, int value) {
        int offset = offset(index);
        boolean entered = enter();
        try {
            segment().putInt(offset, value);
        } finally {
            leave(entered);
        }
    }

    /**
     * Copies elements out, under the lock once. In a process that did not create the array, a
     * range of 256 KiB or more is read from its file rather than through the mapping: the same
     * memory, without the page fault that the first touch of each page of a mapping costs (dear
     * in virtual machines). The fastest way to read much of an array once.
     *
     * @param from the first element
     * @param target receives {@code target.length} elements
     * @throws IndexOutOfBoundsException if the range is not inside the array
     */
    public void get(int from, int[] target) {
        int[] at = {0};
        readElements(from, target.length, chunk -> {
            IntBuffer elements = chunk.asIntBuffer();
            int count = elements.remaining();
            elements.get(target, at[0], count);
            at[0] += count;
        });
    }

    /**
     * Copies elements in, under the lock once.
     *
     * @param from the first element
     * @param source its {@code source.length} elements are copied
     * @throws IndexOutOfBoundsException if the range is not inside the array
     */
    public void set(int from, int[] source) {
        IntBuffer view = buffer();
        boolean entered = enter();
        try {
            view.put(from, source, 0, source.length);
        } finally {
            leave(entered);
        }
    }

    /** @return a copy of every element, taken under the lock */
    public int[] toArray() {
        int[] copy = new int[length()];
        get(0, copy);
        return copy;
    }

    /**
     * A view of the elements that shares their memory (no copy) and never takes the lock.
     *
     * @return a new view, position 0, limit {@link #length()}, native byte order
     */
    public IntBuffer buffer() {
        return segment().view(ValueSegment.DATA_AT, length() * Integer.BYTES).asIntBuffer();
    }
}
