package io.github.mp4j.connection;

import java.time.Duration;

/**
 * Limits that protect a connection from a misbehaving peer, and optional TLS.
 *
 * @param maxFrameBytes the largest message accepted; a larger incoming frame closes the
 *     connection with a {@link ProtocolException}, a larger outgoing one is refused before
 *     anything is sent
 * @param handshakeTimeout how long an unauthenticated peer may take to answer the challenge
 *     (and to complete the TLS handshake, with TLS)
 * @param tls TLS for TCP connections, or {@code null} for none (Unix socket connections never use it)
 */
public record ConnectionOptions(int maxFrameBytes, Duration handshakeTimeout, TlsSettings tls) {

    /** The JVM cannot allocate a larger array than this, so no message can be larger. */
    public static final int MAX_FRAME_BYTES_LIMIT = Integer.MAX_VALUE - 8;

    /** By default only the JVM's array limit caps a message (about 2 GiB). */
    public static final int DEFAULT_MAX_FRAME_BYTES = MAX_FRAME_BYTES_LIMIT;

    /** By default a peer has 30 seconds to authenticate. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    /** The defaults above, without TLS. */
    public static final ConnectionOptions DEFAULT =
            new ConnectionOptions(DEFAULT_MAX_FRAME_BYTES, DEFAULT_HANDSHAKE_TIMEOUT);

    /** Validates both limits. */
    public ConnectionOptions {
        if (maxFrameBytes < 1 || maxFrameBytes > MAX_FRAME_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxFrameBytes must be between 1 and " + MAX_FRAME_BYTES_LIMIT
                    + ", was " + maxFrameBytes);
        }
        if (handshakeTimeout == null || handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive, was " + handshakeTimeout);
        }
    }

    /**
     * Without TLS.
     *
     * @param maxFrameBytes the largest message accepted
     * @param handshakeTimeout how long an unauthenticated peer may take to answer the challenge
     */
    public ConnectionOptions(int maxFrameBytes, Duration handshakeTimeout) {
        this(maxFrameBytes, handshakeTimeout, null);
    }

    /**
     * @param bytes the new maximum message size
     * @return a copy with that maximum
     */
    public ConnectionOptions withMaxFrameBytes(int bytes) {
        return new ConnectionOptions(bytes, handshakeTimeout, tls);
    }

    /**
     * @param settings TLS for TCP connections, or {@code null} for none
     * @return a copy with those settings
     */
    public ConnectionOptions withTls(TlsSettings settings) {
        return new ConnectionOptions(maxFrameBytes, handshakeTimeout, settings);
    }
}
