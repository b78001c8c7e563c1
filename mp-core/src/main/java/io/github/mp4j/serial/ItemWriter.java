package io.github.mp4j.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;

/**
 * Encodes a sequence of independent items into one growing buffer, remembering where each ends,
 * so any run of consecutive items can later be sent as one slice without encoding again. Each
 * item decodes on its own ({@link ItemReader}). Not thread-safe; close it to return its Kryo
 * instance to the pool.
 *
 * <p>Numbers, strings and small lists of them, the bulk of many maps, skip Kryo's per-object
 * bookkeeping ({@link SimpleValues}): they are written byte for byte as Kryo writes them, so
 * either side may take either path.
 */
public final class ItemWriter implements AutoCloseable {

    /** Borrowed when the first item that needs Kryo comes; many sequences of numbers never do. */
    private Kryo kryo;
    private final Output output;
    private boolean closed;

    /** @param initialBytes the buffer's starting size */
    public ItemWriter(int initialBytes) {
        this.output = new Output(Math.max(16, initialBytes), -1);
    }

    /**
     * Appends one item.
     *
     * @param item the item
     * @return the offset just after it
     * @throws SerializationException naming the class (and field) that cannot be serialized;
     *     the writer is unchanged
     */
    public int write(Object item) {
        if (SimpleValues.write(output, item)) {
            return output.position();
        }
        int start = output.position();
        if (kryo == null) {
            kryo = ObjectCodec.obtainKryo();
        }
        try {
            kryo.writeClassAndObject(output, item);
            return output.position();
        } catch (RuntimeException e) {
            kryo.reset();
            output.setPosition(start);
            throw ObjectCodec.encodeFailure(item, e);
        }
    }

    /**
     * Appends one {@code Integer} item without boxing it: the same bytes as {@code write(item)}.
     *
     * @param item the item's value
     * @return the offset just after it
     */
    public int writeIntItem(int item) {
        SimpleValues.writeInt(output, item);
        return output.position();
    }

    /**
     * @param item an item
     * @return whether writing it can never fail and its value can never change once written or
     *     not: {@code null}, or an {@code Integer}, {@code Long}, {@code Double}, {@code Boolean} or
     *     {@code String}. Such items may be kept and written later with the same outcome.
     */
    public static boolean isImmutableScalar(Object item) {
        return SimpleValues.isImmutableScalar(item);
    }

    /**
     * Appends a fixed-size number, for a header that {@link ItemReader#readLong()} reads back.
     *
     * @param value the number
     */
    public void writeLong(long value) {
        output.writeLong(value);
    }

    /**
     * Appends a fixed-size number, for a header that {@link ItemReader#readInt()} reads back.
     *
     * @param value the number
     */
    public void writeInt(int value) {
        output.writeInt(value);
    }

    /**
     * Appends one byte, for a header that {@link ItemReader#readByte()} reads back.
     *
     * @param value the byte
     */
    public void writeByte(int value) {
        output.writeByte(value);
    }

    /**
     * Overwrites a number written earlier with {@link #writeLong(long)}.
     *
     * @param position where it was written
     * @param value the new value
     */
    public void patchLong(int position, long value) {
        int end = output.position();
        output.setPosition(position);
        output.writeLong(value);
        output.setPosition(end);
    }

    /** @return bytes written so far */
    public int position() {
        return output.position();
    }

    /** @return the buffer (valid up to {@link #position()}); it may be replaced by later writes */
    public byte[] buffer() {
        return output.getBuffer();
    }

    /** @return a copy of the bytes written */
    public byte[] toBytes() {
        return output.toBytes();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (kryo != null) {
                ObjectCodec.releaseKryo(kryo);
            }
        }
    }
}
