package io.github.mp4j.shared;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A fixed-length list of numbers, booleans, strings, byte arrays and nulls in {@link SharedMemory}:
 * Python's {@code multiprocessing.shared_memory.ShareableList}. Every process that attaches to it
 * by name (or receives it: it travels as its segment's name and size, and attaches on first use)
 * reads and writes the same items without copying the list.
 *
 * <pre>{@code
 * try (ShareableList list = ShareableList.create(Arrays.asList(1, 2.5, "abc", null, true))) {
 *     Mp.process(l -> l.set(0, 42L), list).start();   // ... join
 *     list.getLong(0);                                 // 42
 * }
 * }</pre>
 *
 * <p>An item is a {@code Long} (any {@code Byte}, {@code Short}, {@code Integer} or {@code Long}
 * given), a {@code Double} ({@code Float} or {@code Double}), a {@code Boolean}, a {@code String},
 * a {@code byte[]} or {@code null}. {@link #set} may change an item's type, but not the room its
 * slot got at creation: 8 bytes for a number or boolean, and for a string (UTF-8) or byte array its
 * length plus 4, rounded up to a multiple of 8 (Python's rule); a value that needs more is refused.
 * {@code add} and {@code remove} are unsupported, as for {@link java.util.Arrays#asList}. The typed
 * getters ({@link #getLong}, {@link #getDouble}, {@link #getBoolean}, {@link #getString}) refuse an
 * item of another type, naming what they expected and what they found.
 *
 * <p>Layout in the segment (platform byte order):
 * <pre>
 *  0        4        8                                   8 + 16 n
 *  +--------+--------+-----------------------------------+------------------------------------+
 *  | magic  | n      | slot 0 | slot 1 | ... | slot n-1  | item data, each slot's room,       |
 *  | "SLS1" | items  |                                   | 8-byte aligned                     |
 *  +--------+--------+-----------------------------------+------------------------------------+
 *  slot: +--------+----------+-------------------+
 *        | type   | room     | offset of its data|     type: 0 null, 1 long, 2 double,
 *        | int    | int      | long              |           3 boolean, 4 string, 5 bytes
 *        +--------+----------+-------------------+
 *  data: long / double / boolean (0 or 1, as a long): 8 bytes
 *        string (UTF-8) / bytes:  int length, then the bytes
 * </pre>
 *
 * A {@code set} writes the data, then the type with release semantics; a {@code get} reads the
 * type with acquire semantics, then the data. One item written by several processes at once is
 * not atomic (as in Python): guard such writes with a lock.
 */
@DefaultSerializer(ShareableList.Codec.class)
public final class ShareableList extends AbstractList<Object> implements RandomAccess, AutoCloseable, Serializable {

    private static final long serialVersionUID = 1L;
    private static final int MAGIC = 0x534c5331;
    private static final int COUNT = 4;
    private static final int SLOTS = 8;
    private static final int SLOT_SIZE = 16;
    private static final int NULL = 0;
    private static final int LONG = 1;
    private static final int DOUBLE = 2;
    private static final int BOOLEAN = 3;
    private static final int STRING = 4;
    private static final int BYTES = 5;
    private static final String[] TYPE_NAMES = {"null", "long", "double", "boolean", "String", "byte[]"};

    private final SharedMemory memory;
    /** The length, or -1 until a received list first reads it from the segment. */
    private volatile int count;

    private ShareableList(SharedMemory memory, int count) {
        this.memory = memory;
        this.count = count;
    }

    /**
     * Creates a list in new shared memory with a fresh name, tracked as {@link SharedMemory#create(long)} is.
     *
     * @param items the items, of the types the class documentation lists
     * @return the creating handle; its {@link #close()} unlinks the list unless {@linkplain SharedMemory#keep() kept}
     */
    public static ShareableList create(List<?> items) {
        return create(null, items);
    }

    /**
     * Creates a list in new named shared memory, tracked as {@link SharedMemory#create(String, long)} is.
     *
     * @param name the segment's name, or {@code null} for a fresh one
     * @param items the items, of the types the class documentation lists
     * @return the creating handle; its {@link #close()} unlinks the list unless {@linkplain SharedMemory#keep() kept}
     * @throws IllegalArgumentException if an item is of another type
     */
    public static ShareableList create(String name, List<?> items) {
        Object[] values = items.toArray();
        long size = SLOTS + (long) SLOT_SIZE * values.length;
        int[] rooms = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            rooms[i] = room(encode(values[i], i));
            size += rooms[i];
        }
        long bytes = Math.max(size, 1);
        SharedMemory memory = name == null ? SharedMemory.create(bytes) : SharedMemory.create(name, bytes);
        try {
            long data = SLOTS + (long) SLOT_SIZE * values.length;
            for (int i = 0; i < values.length; i++) {
                long slot = SLOTS + (long) SLOT_SIZE * i;
                memory.putInt(slot + 4, rooms[i]);
                memory.putLong(slot + 8, data);
                data += rooms[i];
            }
            ShareableList list = new ShareableList(memory, values.length);
            for (int i = 0; i < values.length; i++) {
                list.set(i, values[i]);
            }
            memory.putInt(COUNT, values.length);
            memory.putIntRelease(0, MAGIC);
            return list;
        } catch (RuntimeException e) {
            memory.close();
            throw e;
        }
    }

    /**
     * Attaches to a list by its segment's name.
     *
     * @param name the name it was created with
     * @return a handle whose {@link #close()} only unmaps
     * @throws NoSuchSharedMemoryException if there is no segment of that name
     * @throws SharedMemoryException if the segment holds no list
     */
    public static ShareableList attach(String name) {
        SharedMemory memory = SharedMemory.attach(name);
        ShareableList list = new ShareableList(memory, -1);
        try {
            list.size();
        } catch (RuntimeException e) {
            memory.close();
            throw e;
        }
        return list;
    }

    /** @return the shared memory that holds the list */
    public SharedMemory sharedMemory() {
        return memory;
    }

    /** @return the name other processes attach with */
    public String name() {
        return memory.name();
    }

    /**
     * {@inheritDoc}
     *
     * @throws SharedMemoryException if the segment holds no list (a received list attaches here on first use)
     */
    @Override
    public int size() {
        int n = count;
        if (n < 0) {
            if (memory.size() < SLOTS || memory.getIntAcquire(0) != MAGIC) {
                throw new SharedMemoryException("shared memory '" + memory.name() + "' holds no ShareableList"
                        + " (it does not start with a list's header); attach it as SharedMemory instead");
            }
            n = memory.getInt(COUNT);
            count = n;
        }
        return n;
    }

    @Override
    public Object get(int index) {
        long slot = slot(index);
        int type = memory.getIntAcquire(slot);
        long data = memory.getLong(slot + 8);
        return switch (type) {
            case LONG -> memory.getLong(data);
            case DOUBLE -> memory.getDouble(data);
            case BOOLEAN -> memory.getLong(data) != 0;
            case STRING -> new String(bytesAt(data), StandardCharsets.UTF_8);
            case BYTES -> bytesAt(data);
            default -> null;
        };
    }

    /**
     * Replaces an item; its type may change, its room may not.
     *
     * @param index which item
     * @param value the new value, of the types the class documentation lists
     * @return the item it replaced
     * @throws IllegalArgumentException if the value is of another type or needs more room than the slot has
     */
    @Override
    public Object set(int index, Object value) {
        long slot = slot(index);
        Object before = get(index);
        Encoded encoded = encode(value, index);
        int room = memory.getInt(slot + 4);
        if (encoded.bytes() > room) {
            throw new IllegalArgumentException("item " + index + " of ShareableList '" + name() + "' has room for "
                    + room + " bytes; the new " + TYPE_NAMES[encoded.type()] + " needs " + encoded.bytes());
        }
        long data = memory.getLong(slot + 8);
        switch (encoded.type()) {
            case LONG -> memory.putLong(data, ((Number) value).longValue());
            case DOUBLE -> memory.putDouble(data, ((Number) value).doubleValue());
            case BOOLEAN -> memory.putLong(data, (Boolean) value ? 1 : 0);
            case STRING, BYTES -> {
                memory.putInt(data, encoded.payload().length);
                memory.put(data + 4, encoded.payload(), 0, encoded.payload().length);
            }
            default -> {
                // null: the type says it all
            }
        }
        memory.putIntRelease(slot, encoded.type());
        return before;
    }

    /**
     * @param index which item
     * @return the item, which must be a {@code Long}
     * @throws IllegalStateException naming the type found, if it is not
     */
    public long getLong(int index) {
        return (Long) typed(index, LONG);
    }

    /**
     * @param index which item
     * @return the item, which must be a {@code Double}
     * @throws IllegalStateException naming the type found, if it is not
     */
    public double getDouble(int index) {
        return (Double) typed(index, DOUBLE);
    }

    /**
     * @param index which item
     * @return the item, which must be a {@code Boolean}
     * @throws IllegalStateException naming the type found, if it is not
     */
    public boolean getBoolean(int index) {
        return (Boolean) typed(index, BOOLEAN);
    }

    /**
     * @param index which item
     * @return the item, which must be a {@code String} or {@code null}
     * @throws IllegalStateException naming the type found, if it is not
     */
    public String getString(int index) {
        Object value = get(index);
        if (value != null && !(value instanceof String)) {
            throw wrongType(index, STRING, typeOf(slot(index)));
        }
        return (String) value;
    }

    /** Closes the segment's handle: see {@link SharedMemory#close()}. */
    @Override
    public void close() {
        memory.close();
    }

    /** Removes the segment's name: see {@link SharedMemory#unlink()}. */
    public void unlink() {
        memory.unlink();
    }

    private Object typed(int index, int expected) {
        long slot = slot(index);
        int found = typeOf(slot);
        if (found != expected) {
            throw wrongType(index, expected, found);
        }
        Object value = get(index);
        if (value == null) {
            throw wrongType(index, expected, NULL); // changed by another process between the two reads
        }
        return value;
    }

    private int typeOf(long slot) {
        return memory.getIntAcquire(slot);
    }

    private IllegalStateException wrongType(int index, int expected, int found) {
        return new IllegalStateException("item " + index + " of ShareableList '" + name() + "' is a "
                + TYPE_NAMES[found] + ", not a " + TYPE_NAMES[expected]);
    }

    private long slot(int index) {
        Objects.checkIndex(index, size());
        return SLOTS + (long) SLOT_SIZE * index;
    }

    private byte[] bytesAt(long data) {
        byte[] bytes = new byte[memory.getInt(data)];
        memory.get(data + 4, bytes, 0, bytes.length);
        return bytes;
    }

    /** A value as it is stored: its type and, for strings and byte arrays, its bytes. */
    private record Encoded(int type, byte[] payload) {
        int bytes() {
            return switch (type) {
                case NULL -> 0;
                case STRING, BYTES -> 4 + payload.length;
                default -> 8;
            };
        }
    }

    private static Encoded encode(Object value, int index) {
        if (value == null) {
            return new Encoded(NULL, null);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return new Encoded(LONG, null);
        }
        if (value instanceof Double || value instanceof Float) {
            return new Encoded(DOUBLE, null);
        }
        if (value instanceof Boolean) {
            return new Encoded(BOOLEAN, null);
        }
        if (value instanceof String s) {
            return new Encoded(STRING, s.getBytes(StandardCharsets.UTF_8));
        }
        if (value instanceof byte[] b) {
            return new Encoded(BYTES, b);
        }
        throw new IllegalArgumentException("item " + index + " is a " + value.getClass().getName() + "; a ShareableList"
                + " holds Long, Integer, Short, Byte, Double, Float, Boolean, String, byte[] and null");
    }

    /** Python's rule: a slot's room is its value's size rounded up to 8 bytes, at least 8. */
    private static int room(Encoded encoded) {
        return Math.max(8, (encoded.bytes() + 7) & ~7);
    }

    /** Java serialization sends the segment's name and size only. */
    private Object writeReplace() {
        return new Sent(memory);
    }

    /** What a list travels as: its segment's handle, itself sent as name and size. */
    private record Sent(SharedMemory memory) implements Serializable {
        private static final long serialVersionUID = 1L;

        private Object readResolve() {
            return new ShareableList(memory, -1);
        }
    }

    /** Kryo's serializer of lists: the segment's handle, never the items. */
    public static final class Codec extends Serializer<ShareableList> {

        /** Makes the serializer; Kryo calls it. */
        public Codec() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, ShareableList value) {
            kryo.writeObject(output, value.memory);
        }

        @Override
        public ShareableList read(Kryo kryo, Input input, Class<? extends ShareableList> type) {
            return new ShareableList(kryo.readObject(input, SharedMemory.class), -1);
        }
    }
}
