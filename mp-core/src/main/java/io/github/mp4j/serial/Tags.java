package io.github.mp4j.serial;

import com.esotericsoftware.kryo.Kryo;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * The class tags Kryo writes first for a few common item types (registration ID + 2, or 0 for
 * {@code null}). {@link SimpleValues} writes and reads these types itself, in exactly Kryo's
 * format, so any item still decodes with plain Kryo. The tags are
 * read from a configured Kryo instance (one of the calling thread's, not a new one: building one
 * costs a starting JVM milliseconds) rather than written down, so they follow Kryo's own
 * numbering.
 */
final class Tags {

    static final byte NULL = Kryo.NULL;
    static final byte INT;
    static final byte LONG;
    static final byte DOUBLE;
    static final byte STRING;
    static final byte BOOLEAN;
    /** The class of {@code Arrays.asList}'s lists. */
    static final Class<?> ARRAYS_AS_LIST_CLASS = Arrays.asList().getClass();
    /** Written as a variable-length int: it may take two bytes. */
    static final int ARRAY_LIST;
    /** Written as a variable-length int: it may take two bytes. */
    static final int ARRAYS_AS_LIST;
    /** What Kryo writes after the class of a reference-tracked object seen for the first time. */
    static final int FIRST_REFERENCE = Kryo.NOT_NULL;

    static {
        Kryo kryo = ObjectCodec.obtainKryo();
        try {
            INT = tag(kryo, Integer.class);
            LONG = tag(kryo, Long.class);
            DOUBLE = tag(kryo, Double.class);
            STRING = tag(kryo, String.class);
            BOOLEAN = tag(kryo, Boolean.class);
            ARRAY_LIST = kryo.getRegistration(ArrayList.class).getId() + 2;
            ARRAYS_AS_LIST = kryo.getRegistration(ARRAYS_AS_LIST_CLASS).getId() + 2;
        } finally {
            ObjectCodec.releaseKryo(kryo);
        }
    }

    private Tags() {
    }

    private static byte tag(Kryo kryo, Class<?> type) {
        int tag = kryo.getRegistration(type).getId() + 2;
        if (tag <= 0 || tag >= 0x40) {
            throw new IllegalStateException("Kryo registers " + type + " with an ID that does not fit one byte");
        }
        return (byte) tag;
    }
}
