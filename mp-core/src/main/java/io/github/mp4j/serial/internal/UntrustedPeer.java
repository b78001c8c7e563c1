package io.github.mp4j.serial.internal;

import io.github.mp4j.serial.DecodeAllowList;

/**
 * Whether the calling thread is decoding a message from a peer across a trust boundary, so that
 * every class named in it is checked against the {@link DecodeAllowList} before it is looked up.
 * A thread-local, because Kryo instances are pooled per thread and a serializer cannot be told
 * where its bytes came from.
 */
public final class UntrustedPeer {

    private static final ThreadLocal<Boolean> DECODING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private UntrustedPeer() {
    }

    /**
     * @param untrusted whether the message about to be decoded came from an untrusted peer
     * @return the previous setting, to give back to {@link #restore}
     */
    public static boolean enter(boolean untrusted) {
        boolean previous = DECODING.get();
        DECODING.set(untrusted);
        return previous;
    }

    /** @param previous what {@link #enter} returned */
    public static void restore(boolean previous) {
        DECODING.set(previous);
    }

    /**
     * Checks a class by name if the current message came from an untrusted peer.
     *
     * @param className the name read from the message
     */
    static void check(String className) {
        if (DECODING.get()) {
            DecodeAllowList.requireAllowed(className);
        }
    }

    /** @return whether the current message came from an untrusted peer */
    static boolean active() {
        return DECODING.get();
    }
}
