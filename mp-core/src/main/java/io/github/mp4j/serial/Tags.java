package io.github.mp4j.serial;

import com.esotericsoftware.kryo.Kryo;

/**
 * The first byte Kryo writes for a few common item types: its class tag (registration ID + 2, or
 * 0 for {@code null}). {@link ItemWriter} and {@link ItemReader} write and read these types
 * themselves, in exactly Kryo's format, so any item still decodes with plain Kryo. The tags are
 * read from a configured Kryo instance (one of the calling thread's, not a new one: building one
 * costs a starting JVM milliseconds) rather than written down, so they follow Kryo's own
 * numbering.
 */
final class Tags {

    static final byte NULL = Kryo.NULL;
    static final byte INT;
    static final byte LONG;
    static final byte DOUBLE;

    static {
        Kryo kryo = ObjectCodec.obtainKryo();
        try {
            INT = tag(kryo, Integer.class);
            LONG = tag(kryo, Long.class);
            DOUBLE = tag(kryo, Double.class);
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
