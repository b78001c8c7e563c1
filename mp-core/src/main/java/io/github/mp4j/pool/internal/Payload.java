package io.github.mp4j.pool.internal;

/**
 * A chunk's inputs: a slice of encoded items (for worker JVMs), the items themselves (for
 * threads), or a range of items still to be encoded when the chunk is sent ({@link #deferred}).
 *
 * @param bytes the encoded items, or {@code null}
 * @param offset where the slice starts: in {@code bytes}, or the first item's index if deferred
 * @param length the slice's length: bytes, or items if deferred
 * @param items the items, for threads; or {@code null}
 * @param source the inputs that encode a deferred range; {@code null} for the other forms
 */
record Payload(byte[] bytes, int offset, int length, Object[] items, Inputs source) {

    static Payload encoded(byte[] bytes, int offset, int length) {
        return new Payload(bytes, offset, length, null, null);
    }

    static Payload raw(Object[] items) {
        return new Payload(null, 0, 0, items, null);
    }

    /**
     * Items that cannot fail to encode and cannot change, encoded by whichever thread sends them:
     * while one chunk is being encoded, workers already run the chunks before it.
     */
    static Payload deferred(Inputs source, int from, int to) {
        return new Payload(null, from, to - from, null, source);
    }

    boolean deferred() {
        return source != null;
    }

    /** @return this payload with its items encoded */
    Payload encode() {
        return deferred() ? source.encode(offset, offset + length) : this;
    }
}
