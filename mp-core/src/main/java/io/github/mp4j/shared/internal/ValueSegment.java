package io.github.mp4j.shared.internal;

import io.github.mp4j.MpException;
import io.github.mp4j.resource.MappedSegment;
import io.github.mp4j.resource.RuntimeDirectory;
import io.github.mp4j.runtime.SharedSegments;
import io.github.mp4j.sync.Lock;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;

/**
 * The shared-memory file of a {@code Value} or an {@code Array}: a header that says what it
 * holds, the lock, then the elements.
 *
 * <pre>
 * 0     int   magic      0x6d703476 ("mp4v"), written last by the creator
 * 4     int   element    {@link Element#ordinal()}
 * 8     long  length     elements (1 for a Value)
 * 16    int   shape      0: Value, 1: Array
 * 20    int   locked     1 if it has a lock (else a "raw" one: the lock's bytes stay unused)
 * 24    (unused up to 64)
 * 64    lock             a recursive lock's state, {@link Lock#BYTES} = 1056 bytes (its word at 64)
 * 1152  elements         length × element size, native byte order; 1152 is a multiple of 64,
 *                        so every element is aligned to its size and a Value owns its cache line
 * </pre>
 *
 * Files are {@code <pid>-<n>-<random>.val} in the shared-memory directory, with
 * {@code SharedSegments}' lifetime. A segment is at most 2 GiB ({@code MappedByteBuffer}'s limit
 * on Java 17), so an array holds at most {@link #maxLength} elements.
 */
public final class ValueSegment {

    /** The file's extension. */
    public static final String SUFFIX = "val";
    /** Where the lock's state starts. */
    public static final int LOCK_AT = 64;
    /** Where the elements start. */
    public static final int DATA_AT = 1152;

    private static final int MAGIC = 0x6d703476;
    private static final int ELEMENT = 4;
    private static final int LENGTH = 8;
    private static final int SHAPE = 16;
    private static final int LOCKED = 20;

    /** An element type. */
    public enum Element {
        /** {@code int}. */
        INT(Integer.BYTES),
        /** {@code long}. */
        LONG(Long.BYTES),
        /** {@code double}. */
        DOUBLE(Double.BYTES);

        private final int bytes;

        Element(int bytes) {
            this.bytes = bytes;
        }

        /** @return an element's size in bytes */
        public int bytes() {
            return bytes;
        }

        /** @return the Java name of the type */
        public String typeName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private ValueSegment() {
    }

    /**
     * @param element the element type
     * @return the most elements an array of it can hold
     */
    public static int maxLength(Element element) {
        return (Integer.MAX_VALUE - DATA_AT) / element.bytes();
    }

    /**
     * @param element the element type
     * @param array whether it is an Array (else a Value)
     * @param length how many elements
     * @param locked whether it has a lock
     * @return the new, zero-filled segment
     */
    public static MappedSegment create(Element element, boolean array, int length, boolean locked) {
        if (length < 0 || length > maxLength(element)) {
            throw new IllegalArgumentException("length must be 0 to " + maxLength(element) + " " + element.typeName()
                    + "s (a 2 GiB segment), was " + length);
        }
        try {
            MappedSegment segment = SharedSegments.create(SUFFIX, DATA_AT + length * element.bytes());
            segment.setIntVolatile(ELEMENT, element.ordinal());
            segment.setLongVolatile(LENGTH, length);
            segment.setIntVolatile(SHAPE, array ? 1 : 0);
            segment.setIntVolatile(LOCKED, locked ? 1 : 0);
            segment.setIntVolatile(0, MAGIC);
            return segment;
        } catch (IOException e) {
            throw new MpException("cannot create the shared memory of " + describe(element, array, length) + ": "
                    + e.getMessage() + "; free space in the shared-memory directory (/dev/shm)", e);
        }
    }

    /**
     * Maps an existing segment and checks it holds what the caller expects.
     *
     * @param name the file's name
     * @param element the element type expected
     * @param array whether an Array is expected (else a Value)
     * @param length the length expected, or -1 for any
     * @return the segment
     * @throws MpException naming what was expected and what was found
     */
    public static MappedSegment attach(String name, Element element, boolean array, int length) {
        String expected = describe(element, array, length);
        MappedSegment segment;
        try {
            long size = Files.size(RuntimeDirectory.sharedMemoryFile(name, SUFFIX));
            if (size < DATA_AT || size > Integer.MAX_VALUE) {
                throw new IOException("it has " + size + " bytes, no mp4j Value or Array does");
            }
            segment = SharedSegments.attach(name, SUFFIX, (int) size);
        } catch (IOException | IllegalArgumentException e) {
            throw new MpException("cannot attach " + name + " as " + expected + ": " + e.getMessage()
                    + "; its creating process has released it or exited (keep the creator's handle reachable while"
                    + " other processes attach)", e);
        }
        if (segment.getIntVolatile(0) != MAGIC) {
            throw new MpException("cannot attach " + name + " as " + expected + ": it holds no mp4j Value or Array");
        }
        Element found = Element.values()[segment.getIntVolatile(ELEMENT)];
        boolean foundArray = segment.getIntVolatile(SHAPE) == 1;
        int foundLength = length(segment);
        if (found != element || foundArray != array || (length >= 0 && foundLength != length)) {
            throw new MpException("cannot attach " + name + ": expected " + expected + ", found "
                    + describe(found, foundArray, foundLength));
        }
        return segment;
    }

    /**
     * @param segment a segment made here
     * @return its element count
     */
    public static int length(MappedSegment segment) {
        return (int) segment.getLongVolatile(LENGTH);
    }

    /**
     * @param segment a segment made here
     * @return whether it has a lock
     */
    public static boolean isLocked(MappedSegment segment) {
        return segment.getIntVolatile(LOCKED) == 1;
    }

    /**
     * @param element element type
     * @param array Array or Value
     * @param length element count, -1 for any
     * @return "an int Value", "a double Array of 10 elements"
     */
    public static String describe(Element element, boolean array, int length) {
        String article = element == Element.INT ? "an " : "a ";
        if (!array) {
            return article + element.typeName() + " Value";
        }
        return article + element.typeName() + " Array" + (length >= 0 ? " of " + length + " elements" : "");
    }
}
