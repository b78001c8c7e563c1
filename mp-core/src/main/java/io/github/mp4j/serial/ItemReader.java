package io.github.mp4j.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * Decodes the items an {@link ItemWriter} wrote, one at a time, from a complete frame in memory.
 * Not thread-safe; close it to return its Kryo instance to the pool.
 */
public final class ItemReader implements AutoCloseable {

    /** Borrowed when the first item that needs Kryo comes; many sequences of numbers never do. */
    private Kryo kryo;
    private final Input input;
    private final int end;
    private boolean closed;

    /**
     * @param bytes the frame
     * @param offset where the first item starts
     * @param length how many bytes the items take
     */
    public ItemReader(byte[] bytes, int offset, int length) {
        this.input = new Input(bytes, offset, length);
        this.end = offset + length;
    }

    /** @return a number written by {@link ItemWriter#writeLong(long)} */
    public long readLong() {
        return input.readLong();
    }

    /** @return a number written by {@link ItemWriter#writeInt(int)} */
    public int readInt() {
        return input.readInt();
    }

    /** @return a byte written by {@link ItemWriter#writeByte(int)} */
    public byte readByte() {
        return input.readByte();
    }

    /** @return whether another item follows */
    public boolean hasNext() {
        return input.position() < end;
    }

    /**
     * @return the next item
     * @throws SerializationException if it does not decode
     */
    public Object next() {
        try {
            Object simple = SimpleValues.read(input);
            if (simple != SimpleValues.NOT_SIMPLE) {
                return simple;
            }
            if (kryo == null) {
                kryo = ObjectCodec.obtainKryo();
            }
            return kryo.readClassAndObject(input);
        } catch (SerializationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ObjectCodec.decodeFailure(end - input.position(), e);
        } catch (OutOfMemoryError e) {
            throw ObjectCodec.decodeFailure(end - input.position(),
                    new IllegalArgumentException("it claims an object too large to allocate", e));
        }
    }

    /**
     * @return whether the next item is a {@code Long}, which {@link #nextLong()} reads without
     *     boxing it
     */
    public boolean nextIsLong() {
        return input.position() + 1 < end && input.getBuffer()[input.position()] == Tags.LONG;
    }

    /**
     * Reads a {@code Long} item as a primitive; call only when {@link #nextIsLong()}.
     *
     * @return its value
     * @throws SerializationException if the item is cut short
     */
    public long nextLong() {
        try {
            input.skip(1);
            return input.readVarLong(false);
        } catch (KryoException e) {
            throw ObjectCodec.decodeFailure(end - input.position(), e);
        }
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
