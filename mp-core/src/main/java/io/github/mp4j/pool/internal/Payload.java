package io.github.mp4j.pool.internal;

/**
 * A chunk's inputs: a slice of encoded items (for worker JVMs) or the items themselves (for
 * threads).
 */
record Payload(byte[] bytes, int offset, int length, Object[] items) {

    static Payload encoded(byte[] bytes, int offset, int length) {
        return new Payload(bytes, offset, length, null);
    }

    static Payload raw(Object[] items) {
        return new Payload(null, 0, 0, items);
    }
}
