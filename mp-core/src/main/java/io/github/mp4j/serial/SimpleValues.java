package io.github.mp4j.serial;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The commonest small messages, written and read without Kryo's per-message bookkeeping (a Kryo
 * instance to borrow, a class lookup, a reference map to fill and clear): {@code null},
 * {@code Integer}, {@code Long}, {@code Double}, {@code Boolean}, {@code String}, and
 * {@code ArrayList}s and {@code Arrays.asList} lists of up to {@value #MAX_LIST_SIZE} of those.
 * The bytes are exactly Kryo's (see {@link Tags}), so a message written here decodes with plain
 * Kryo and the other way round. Short code also matters for its own sake: a new JVM runs it fast
 * before its JIT compilers have caught up, where Kryo's general path is still slow.
 */
final class SimpleValues {

    /** What {@link #read} returns for a message it leaves to Kryo. */
    static final Object NOT_SIMPLE = new Object();
    /** Longer lists go to Kryo, which writes them no slower. */
    static final int MAX_LIST_SIZE = 64;

    private SimpleValues() {
    }

    /**
     * Writes {@code value} if it is simple.
     *
     * @return whether it was; if not, nothing was written
     */
    static boolean write(Output output, Object value) {
        if (writeScalar(output, value)) {
            return true;
        }
        Class<?> type = value.getClass();
        if (type != ArrayList.class && type != Tags.ARRAYS_AS_LIST_CLASS) {
            return false;
        }
        List<?> list = (List<?>) value;
        int size = list.size();
        if (size > MAX_LIST_SIZE) {
            return false;
        }
        Class<?> elementType = null;
        boolean hasNull = false;
        boolean mixed = false;
        for (int i = 0; i < size; i++) {
            Object element = list.get(i);
            if (element == null) {
                hasNull = true;
            } else if (scalarTag(element.getClass()) < 0) {
                return false;
            } else if (elementType == null) {
                elementType = element.getClass();
            } else if (element.getClass() != elementType) {
                mixed = true;
            }
        }
        output.writeVarInt(type == ArrayList.class ? Tags.ARRAY_LIST : Tags.ARRAYS_AS_LIST, true);
        output.writeByte(Tags.FIRST_REFERENCE);
        // Kryo's CollectionSerializer: the size and whether all elements share one class, then either
        // that class once and the bare values, or each element with its class
        if (size == 0) {
            output.writeByte(1);
        } else if (mixed) {
            output.writeVarIntFlag(false, size + 1, true);
            for (int i = 0; i < size; i++) {
                writeScalar(output, list.get(i));
            }
        } else {
            output.writeVarIntFlag(true, size + 1, true);
            if (elementType == null) {
                output.writeByte(Tags.NULL);
                return true;
            }
            byte elementTag = scalarTag(elementType);
            output.writeByte(elementTag);
            output.writeBoolean(hasNull);
            for (int i = 0; i < size; i++) {
                Object element = list.get(i);
                if (hasNull) {
                    output.writeByte(element == null ? Tags.NULL : Tags.FIRST_REFERENCE);
                }
                if (element != null) {
                    writeBare(output, elementTag, element);
                }
            }
        }
        return true;
    }

    /**
     * Reads one message if it is simple; otherwise leaves the input where it was.
     *
     * @return the value, or {@link #NOT_SIMPLE}
     * @throws KryoException if a number or string is cut short
     */
    static Object read(Input input) {
        int start = input.position();
        if (start >= input.limit()) {
            return NOT_SIMPLE;
        }
        Object scalar = readScalar(input);
        if (scalar != NOT_SIMPLE) {
            return scalar;
        }
        Object list;
        try {
            list = readList(input);
        } catch (KryoException e) {
            list = NOT_SIMPLE; // cut short, or not a list after all: Kryo reads it again and judges
        }
        if (list == NOT_SIMPLE) {
            input.setPosition(start);
        }
        return list;
    }

    private static Object readList(Input input) {
        int tag = input.readVarInt(true);
        boolean arrayList = tag == Tags.ARRAY_LIST;
        if (!arrayList && tag != Tags.ARRAYS_AS_LIST || input.readByte() != Tags.FIRST_REFERENCE) {
            return NOT_SIMPLE;
        }
        boolean sameClass = input.readVarIntFlag();
        int size = input.readVarIntFlag(true) - 1;
        if (size < 0 || size > MAX_LIST_SIZE) {
            return NOT_SIMPLE;
        }
        Object[] elements = new Object[size];
        if (size > 0 && sameClass) {
            byte elementTag = input.readByte();
            if (elementTag != Tags.NULL) {
                if (!isScalarTag(elementTag)) {
                    return NOT_SIMPLE;
                }
                boolean hasNull = input.readBoolean();
                for (int i = 0; i < size; i++) {
                    elements[i] = hasNull && input.readByte() == Tags.NULL ? null : readBare(input, elementTag);
                }
            }
        } else {
            for (int i = 0; i < size; i++) {
                Object element = input.position() < input.limit() ? readScalar(input) : NOT_SIMPLE;
                if (element == NOT_SIMPLE) {
                    return NOT_SIMPLE;
                }
                elements[i] = element;
            }
        }
        return arrayList ? new ArrayList<>(Arrays.asList(elements)) : Arrays.asList(elements);
    }

    /** @return the class tag of a scalar type, or -1 for any other type */
    private static byte scalarTag(Class<?> type) {
        if (type == Long.class) {
            return Tags.LONG;
        }
        if (type == Integer.class) {
            return Tags.INT;
        }
        if (type == Double.class) {
            return Tags.DOUBLE;
        }
        if (type == String.class) {
            return Tags.STRING;
        }
        if (type == Boolean.class) {
            return Tags.BOOLEAN;
        }
        return -1;
    }

    /** Writes an {@code Integer} message without boxing it. */
    static void writeInt(Output output, int value) {
        output.writeByte(Tags.INT);
        output.writeVarInt(value, false);
    }

    /** @return whether {@code value} is {@code null} or one of the scalar types, all immutable */
    static boolean isImmutableScalar(Object value) {
        return value == null || scalarTag(value.getClass()) >= 0;
    }

    private static boolean isScalarTag(byte tag) {
        return tag == Tags.LONG || tag == Tags.INT || tag == Tags.DOUBLE || tag == Tags.STRING || tag == Tags.BOOLEAN;
    }

    private static boolean writeScalar(Output output, Object value) {
        if (value == null) {
            output.writeByte(Tags.NULL);
            return true;
        }
        // the numbers of numeric maps first, each in a few bytecodes
        Class<?> type = value.getClass();
        if (type == Long.class) {
            output.writeByte(Tags.LONG);
            output.writeVarLong((Long) value, false);
            return true;
        }
        if (type == Integer.class) {
            output.writeByte(Tags.INT);
            output.writeVarInt((Integer) value, false);
            return true;
        }
        byte tag = scalarTag(type);
        if (tag < 0) {
            return false;
        }
        output.writeByte(tag);
        writeBare(output, tag, value);
        return true;
    }

    /** Writes a scalar's value, as its Kryo serializer does. */
    private static void writeBare(Output output, byte tag, Object value) {
        if (tag == Tags.LONG) {
            output.writeVarLong((Long) value, false);
        } else if (tag == Tags.INT) {
            output.writeVarInt((Integer) value, false);
        } else if (tag == Tags.DOUBLE) {
            output.writeDouble((Double) value);
        } else if (tag == Tags.STRING) {
            output.writeString((String) value);
        } else {
            output.writeBoolean((Boolean) value);
        }
    }

    /** Reads a scalar, tag and value, if the next byte is a scalar's tag (the input must have a byte left). */
    private static Object readScalar(Input input) {
        byte tag = input.getBuffer()[input.position()];
        if (tag == Tags.LONG) {
            input.skip(1);
            return input.readVarLong(false);
        }
        if (tag == Tags.INT) {
            input.skip(1);
            return input.readVarInt(false);
        }
        if (tag == Tags.NULL) {
            input.skip(1);
            return null;
        }
        if (!isScalarTag(tag)) {
            return NOT_SIMPLE;
        }
        input.skip(1);
        return readBare(input, tag);
    }

    private static Object readBare(Input input, byte tag) {
        if (tag == Tags.LONG) {
            return input.readVarLong(false);
        }
        if (tag == Tags.INT) {
            return input.readVarInt(false);
        }
        if (tag == Tags.DOUBLE) {
            return input.readDouble();
        }
        if (tag == Tags.STRING) {
            return input.readString();
        }
        return input.readBoolean();
    }
}
