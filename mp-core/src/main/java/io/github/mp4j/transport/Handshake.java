package io.github.mp4j.transport;

import io.github.mp4j.connection.AuthenticationException;
import io.github.mp4j.connection.ConnectionClosedException;
import io.github.mp4j.connection.ConnectionOptions;
import io.github.mp4j.connection.ProtocolException;
import io.github.mp4j.transport.internal.HmacSha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Mutual HMAC-SHA256 challenge/response, run on every new connection before anything else is
 * read, as CPython 3.12+ does. Neither side decodes an object from a peer that has not proven it
 * knows the shared key.
 *
 * <pre>
 *  step  listener (accepting side)                 client (connecting side)
 *  ----  ----------------------------------------  ----------------------------------------
 *   1    CHALLENGE = "#MP4J-CHALLENGE#v1" + 32 random bytes  ------&gt;
 *   2                                    &lt;------  HMAC-SHA256(key, "client" + CHALLENGE)
 *   3    compare in constant time; "#WELCOME#" or "#FAILURE#"  --&gt;  (FAILURE: client fails)
 *   4                                    &lt;------  CHALLENGE' (fresh random bytes)
 *   5    HMAC-SHA256(key, "server" + CHALLENGE')  ------&gt;
 *   6                                    &lt;------  "#WELCOME#" or "#FAILURE#" (client compares)
 * </pre>
 *
 * With TLS settings in the {@link ConnectionOptions} and on a TCP connection, a TLS handshake
 * (the JDK's {@code SSLEngine}; the connecting side checks the listener's certificate) comes first,
 * within the same timeout, and the steps above run inside TLS: TLS encrypts and authenticates the
 * listener's machine, the steps above authenticate both processes by the key.
 *
 * <p>Only after step 6 may large frames travel through shared memory
 * ({@link FramedChannel#enableSharedMemory()}).
 *
 * <p>The role prefix stops a peer from replaying one side's answer as the other's. Each side's
 * challenge carries 32 fresh random bytes, so an answer recorded from one handshake answers no
 * later challenge: a replayed handshake fails at step 3 (or 6). Answers are compared in constant
 * time ({@link MessageDigest#isEqual}), so the time of a refusal tells nothing about how much of
 * a forged answer was right. Every handshake
 * frame is capped at {@value #MAX_HANDSHAKE_FRAME} bytes, and each read waits at most the
 * handshake timeout, so an unauthenticated peer can neither make us allocate nor hold us.
 */
public final class Handshake {

    private static final int MAX_HANDSHAKE_FRAME = 256;
    private static final byte[] CHALLENGE_TAG = "#MP4J-CHALLENGE#v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WELCOME = "#WELCOME#".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FAILURE = "#FAILURE#".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT = "client".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER = "server".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 32;
    /** Why a channel whose peer did not answer within the handshake timeout was closed. */
    private static final String TIMED_OUT = "the peer did not authenticate in time";

    private Handshake() {
    }

    /**
     * Runs the listener's side.
     *
     * @param channel the freshly accepted channel
     * @param key the shared key
     * @param options limits (handshake timeout, then the maximum frame size for the connection)
     * @throws AuthenticationException if the peer does not know the key
     */
    public static void asListener(FramedChannel channel, byte[] key, ConnectionOptions options) {
        channel.setMaxFrameBytes(MAX_HANDSHAKE_FRAME);
        long timeout = options.handshakeTimeout().toNanos();
        if (options.tls() != null) {
            channel.startTls(options.tls(), false, timeout);
        }
        byte[] challenge = challenge();
        channel.write(ByteBuffer.wrap(challenge));
        byte[] answer = read(channel, timeout);
        boolean ok = MessageDigest.isEqual(answer, hmac(key, CLIENT, challenge));
        channel.write(ByteBuffer.wrap(ok ? WELCOME : FAILURE));
        if (!ok) {
            throw rejected("the connecting process answered the challenge with a different auth key");
        }
        byte[] theirs = read(channel, timeout);
        requireChallenge(theirs);
        channel.write(ByteBuffer.wrap(hmac(key, SERVER, theirs)));
        if (!Arrays.equals(read(channel, timeout), WELCOME)) {
            throw rejected("the connecting process rejected our answer: it uses a different auth key");
        }
        channel.setMaxFrameBytes(options.maxFrameBytes());
        channel.authenticated(key, options);
        channel.enableSharedMemory();
    }

    /**
     * Runs the client's side.
     *
     * @param channel the freshly connected channel
     * @param key the shared key
     * @param options limits (handshake timeout, then the maximum frame size for the connection)
     * @throws AuthenticationException if the listener does not know the key
     */
    public static void asClient(FramedChannel channel, byte[] key, ConnectionOptions options) {
        channel.setMaxFrameBytes(MAX_HANDSHAKE_FRAME);
        long timeout = options.handshakeTimeout().toNanos();
        if (options.tls() != null) {
            channel.startTls(options.tls(), true, timeout);
        }
        byte[] theirs = read(channel, timeout);
        requireChallenge(theirs);
        channel.write(ByteBuffer.wrap(hmac(key, CLIENT, theirs)));
        if (!Arrays.equals(read(channel, timeout), WELCOME)) {
            throw rejected("the listener rejected our answer: it uses a different auth key");
        }
        byte[] challenge = challenge();
        channel.write(ByteBuffer.wrap(challenge));
        boolean ok = MessageDigest.isEqual(read(channel, timeout), hmac(key, SERVER, challenge));
        channel.write(ByteBuffer.wrap(ok ? WELCOME : FAILURE));
        if (!ok) {
            throw rejected("the listener answered our challenge with a different auth key");
        }
        channel.setMaxFrameBytes(options.maxFrameBytes());
        channel.authenticated(key, options);
        channel.enableSharedMemory();
    }

    private static byte[] read(FramedChannel channel, long timeoutNanos) {
        java.util.concurrent.ScheduledFuture<?> deadline = channel.closeAfter(timeoutNanos, TIMED_OUT);
        try {
            return channel.read();
        } catch (ConnectionClosedException e) {
            // the deadline's close wakes this read before the deadline's task has returned, so ask
            // the channel why it closed rather than whether the task is done
            if (TIMED_OUT.equals(channel.closedReason())) {
                throw new AuthenticationException("the peer did not complete the authentication handshake within "
                        + timeoutNanos / 1_000_000 + " ms", e);
            }
            throw new AuthenticationException("the peer closed the connection during authentication"
                    + " (it probably rejected our auth key): " + e.getMessage(), e);
        } catch (ProtocolException e) {
            throw new AuthenticationException("the peer is not speaking the mp4j handshake: " + e.getMessage(), e);
        } finally {
            deadline.cancel(false);
        }
    }

    private static byte[] challenge() {
        byte[] challenge = Arrays.copyOf(CHALLENGE_TAG, CHALLENGE_TAG.length + NONCE_BYTES);
        System.arraycopy(HmacSha256.nonce(NONCE_BYTES), 0, challenge, CHALLENGE_TAG.length, NONCE_BYTES);
        return challenge;
    }

    private static void requireChallenge(byte[] message) {
        if (message.length != CHALLENGE_TAG.length + NONCE_BYTES
                || !Arrays.equals(message, 0, CHALLENGE_TAG.length, CHALLENGE_TAG, 0, CHALLENGE_TAG.length)) {
            throw new AuthenticationException("the peer sent something other than an mp4j authentication challenge");
        }
    }

    private static byte[] hmac(byte[] key, byte[] role, byte[] challenge) {
        return HmacSha256.mac(key, role, challenge);
    }

    private static AuthenticationException rejected(String why) {
        return new AuthenticationException("authentication failed: " + why
                + ". Both ends must use the same auth key; no message was exchanged");
    }
}
