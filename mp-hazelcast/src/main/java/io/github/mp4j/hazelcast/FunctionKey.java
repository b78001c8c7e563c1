package io.github.mp4j.hazelcast;

import java.util.Arrays;

/** A function's encoded bytes as a map key: equal bytes, equal function. */
final class FunctionKey {

    private final byte[] bytes;
    private final int hash;

    FunctionKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FunctionKey key && key.hash == hash && Arrays.equals(key.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
