package io.github.mp4j.transport.internal;

import io.github.mp4j.connection.ConnectionOptions;

/**
 * The peer whose message the calling thread is decoding, while a handle in it is resolved: a
 * handle that arrived over TCP reaches its owner over TCP, with the key of the connection it came
 * on; one that came from this machine (or from no connection at all) through the owner's Unix
 * socket.
 *
 * @param remote whether the message came over TCP
 * @param authKey the key the connection was authenticated with, or {@code null}
 * @param options the options (TLS) the connection was made with, or {@code null}
 */
public record DecodingPeer(boolean remote, byte[] authKey, ConnectionOptions options) {

    private static final ThreadLocal<DecodingPeer> CURRENT = new ThreadLocal<>();
    private static final DecodingPeer NONE = new DecodingPeer(false, null, null);

    /** @return the peer of the message being decoded on this thread (a local one if none) */
    public static DecodingPeer current() {
        DecodingPeer peer = CURRENT.get();
        return peer == null ? NONE : peer;
    }

    /**
     * @param peer the peer whose message this thread decodes from now on
     * @return the previous one, to give back to {@link #restore}
     */
    public static DecodingPeer enter(DecodingPeer peer) {
        DecodingPeer previous = CURRENT.get();
        CURRENT.set(peer);
        return previous;
    }

    /** @param previous what {@link #enter} returned */
    public static void restore(DecodingPeer previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
