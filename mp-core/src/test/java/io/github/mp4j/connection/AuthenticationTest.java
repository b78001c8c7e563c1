package io.github.mp4j.connection;

import static io.github.mp4j.connection.Sockets.KEY;
import static io.github.mp4j.connection.Sockets.OTHER_KEY;
import static io.github.mp4j.connection.Sockets.WAIT;
import static io.github.mp4j.connection.Sockets.async;
import static io.github.mp4j.connection.Sockets.await;
import static io.github.mp4j.connection.Sockets.connect;
import static io.github.mp4j.connection.Sockets.frame;
import static io.github.mp4j.connection.Sockets.readFrame;
import static io.github.mp4j.connection.Sockets.writeRaw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.connection.Sockets.Ends;
import io.github.mp4j.connection.Sockets.Transport;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.transport.FramedChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Peers that do not know the key, or do not speak the protocol at all, are refused before
 * anything they sent is decoded, and the listener goes on serving the next peer.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AuthenticationTest {

    @BeforeEach
    void resetTripwire() {
        Tripwire.DECODED.set(0);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aWrongKeyFailsOnBothSidesAndTheListenerServesTheNextClient(Transport transport) {
        try (Listener listener = transport.bind()) {
            CompletableFuture<Connection> accepting = async("accept", listener::accept);

            assertThatThrownBy(() -> Client.connect(listener.address(), OTHER_KEY))
                    .isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("auth key");
            assertThatThrownBy(() -> await(accepting))
                    .isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("auth key");

            assertServesAGoodClient(listener);
        }
    }

    @Test
    void theListenerNeverDecodesWhatAnUnauthenticatedPeerSends() throws IOException {
        byte[] tripwire = ObjectCodec.encode(new Tripwire());
        Tripwire.DECODED.set(0);
        ObjectCodec.decode(tripwire);
        assertThat(Tripwire.DECODED.getAndSet(0)).as("decoding the tripwire is noticed").isEqualTo(1);

        try (Listener listener = Listener.bind(KEY)) {
            CompletableFuture<Connection> accepting = async("accept", listener::accept);
            try (SocketChannel raw = FramedChannel.openSocket(listener.address())) {
                readFrame(raw);
                writeRaw(raw, frame(tripwire));

                assertThatThrownBy(() -> await(accepting)).isInstanceOf(AuthenticationException.class);
                assertThat(new String(readFrame(raw), StandardCharsets.US_ASCII)).as("the listener's verdict").isEqualTo("#FAILURE#");
            }
            assertThat(Tripwire.DECODED).as("objects decoded from the unauthenticated peer").hasValue(0);

            assertServesAGoodClient(listener);
        }
    }

    @Test
    void aClientNeverDecodesWhatAnImpostorListenerSends() throws IOException {
        byte[] tripwire = ObjectCodec.encode(new Tripwire());
        Tripwire.DECODED.set(0);
        try (ServerSocketChannel impostor = ServerSocketChannel.open()) {
            impostor.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<SocketChannel> accepted = async("impostor", () -> {
                SocketChannel peer = impostor.accept();
                writeRaw(peer, frame(tripwire));
                return peer;
            });

            assertThatThrownBy(() -> Client.connect(Address.of(impostor.getLocalAddress()), KEY))
                    .isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("challenge");
            await(accepted).close();
        }
        assertThat(Tripwire.DECODED).as("objects decoded from the impostor").hasValue(0);
    }

    /**
     * An eavesdropper who recorded a client's answer to one challenge cannot use it: the listener
     * never sends the same challenge twice. The same answer relayed while its challenge is still
     * the listener's current one is accepted, which shows the recorded answer was a real one.
     */
    @Test
    void aRecordedAnswerReplayedToANewChallengeIsRefused() throws IOException {
        try (Listener listener = Listener.bind(Address.tcp("127.0.0.1", 0), KEY);
                ServerSocketChannel recorder = ServerSocketChannel.open()) {
            recorder.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<Connection> accepting = async("accept", listener::accept);
            try (SocketChannel first = FramedChannel.openSocket(listener.address())) {
                byte[] challenge = readFrame(first);
                byte[] answer = answerOfARealClient(recorder, challenge);
                writeRaw(first, frame(answer));
                assertThat(new String(readFrame(first), StandardCharsets.US_ASCII)).as("the live answer").isEqualTo("#WELCOME#");
                first.shutdownOutput();
                assertThatThrownBy(() -> await(accepting)).isInstanceOf(AuthenticationException.class);

                CompletableFuture<Connection> acceptingAgain = async("accept", listener::accept);
                try (SocketChannel replay = FramedChannel.openSocket(listener.address())) {
                    assertThat(readFrame(replay)).as("the next challenge").isNotEqualTo(challenge);
                    writeRaw(replay, frame(answer));
                    assertThat(new String(readFrame(replay), StandardCharsets.US_ASCII)).as("the replayed answer")
                            .isEqualTo("#FAILURE#");
                    assertThatThrownBy(() -> await(acceptingAgain)).isInstanceOf(AuthenticationException.class)
                            .hasMessageContaining("auth key");
                }
            }
            assertServesAGoodClient(listener);
        }
    }

    /** Plays the listener to a real client, with the listener's challenge, and returns the client's answer. */
    private static byte[] answerOfARealClient(ServerSocketChannel recorder, byte[] challenge) throws IOException {
        CompletableFuture<Connection> client = async("client", () -> Client.connect(Address.of(recorder.getLocalAddress()), KEY));
        try (SocketChannel victim = recorder.accept()) {
            writeRaw(victim, frame(challenge));
            byte[] answer = readFrame(victim);
            writeRaw(victim, frame("#FAILURE#".getBytes(StandardCharsets.US_ASCII)));
            return answer;
        } finally {
            assertThatThrownBy(() -> await(client)).isInstanceOf(AuthenticationException.class);
        }
    }

    /** What a stranger might write to the port first. */
    enum Garbage {
        HTTP_REQUEST("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
        NEGATIVE_LENGTH(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3}),
        HUGE_LENGTH(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}),
        SHORT_FRAME(frame(new byte[] {42, 42, 42})),
        HALF_A_HEADER(new byte[] {0, 0}),
        NOTHING(new byte[0]);

        private final byte[] bytes;

        Garbage(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    @ParameterizedTest
    @EnumSource(Garbage.class)
    void aRawSocketSendingGarbageIsRefusedAndTheListenerServesTheNextClient(Garbage garbage) throws IOException {
        try (Listener listener = Listener.bind(Address.tcp("127.0.0.1", 0), KEY)) {
            CompletableFuture<Connection> accepting = async("accept", listener::accept);
            try (SocketChannel raw = FramedChannel.openSocket(listener.address())) {
                writeRaw(raw, garbage.bytes);
                raw.shutdownOutput();

                assertThatThrownBy(() -> await(accepting)).isInstanceOf(AuthenticationException.class);
            }

            assertServesAGoodClient(listener);
        }
    }

    @Test
    void aPeerThatSaysNothingIsRefusedAfterTheHandshakeTimeout() throws IOException {
        ConnectionOptions impatient = new ConnectionOptions(1 << 20, Duration.ofMillis(200));
        try (Listener listener = Transport.UNIX.bind(impatient)) {
            CompletableFuture<Connection> accepting = async("accept", listener::accept);
            try (SocketChannel silent = FramedChannel.openSocket(listener.address())) {
                assertThatThrownBy(() -> await(accepting))
                        .isInstanceOf(AuthenticationException.class)
                        .hasMessageContaining("200 ms");
                readFrame(silent);
                assertThat(silent.read(ByteBuffer.allocate(1))).as("the listener hung up after the challenge").isEqualTo(-1);
            }

            assertServesAGoodClient(listener);
        }
    }

    /**
     * A server loop written to {@link Listener}'s Javadoc: it stops only once the listener is
     * closed, whatever peers that fail the handshake do.
     */
    @ParameterizedTest
    @EnumSource(Transport.class)
    void aServerLoopKeepsServingAfterPeersThatFailTheHandshake(Transport transport) throws Exception {
        Listener listener = transport.bind();
        try {
            // random bytes from a peer that hangs up before the listener even gets to it
            try (SocketChannel raw = FramedChannel.openSocket(listener.address())) {
                byte[] garbage = new byte[64];
                new java.util.Random(9).nextBytes(garbage);
                writeRaw(raw, garbage);
            }
            BlockingQueue<ConnectionException> refused = new LinkedBlockingQueue<>();
            CompletableFuture<Integer> serverLoop = async("server loop", () -> serveUntilClosed(listener, refused));

            assertThat(refused.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the garbage peer's failure")
                    .isInstanceOf(AuthenticationException.class);
            assertThatThrownBy(() -> Client.connect(listener.address(), OTHER_KEY)).isInstanceOf(AuthenticationException.class);
            assertThat(refused.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the wrong key's failure")
                    .isInstanceOf(AuthenticationException.class).hasMessageContaining("auth key");
            try (SocketChannel quitter = FramedChannel.openSocket(listener.address())) {
                readFrame(quitter);
            }
            assertThat(refused.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the failure of the peer that hung up mid-handshake")
                    .isInstanceOf(AuthenticationException.class);
            try (Connection client = Client.connect(listener.address(), KEY)) {
                client.send("still serving?");
                assertThat(client.<String>recv()).isEqualTo("STILL SERVING?");
            }
            assertThat(serverLoop).as("the server loop runs on").isNotDone();

            listener.close();
            assertThat(listener.isClosed()).isTrue();
            assertThat(await(serverLoop)).as("clients served").isEqualTo(1);
        } finally {
            listener.close();
        }
    }

    /** @return how many clients it served before the listener was closed */
    private static int serveUntilClosed(Listener listener, BlockingQueue<ConnectionException> refused) {
        int served = 0;
        while (!listener.isClosed()) {
            try (Connection conn = listener.accept()) {
                conn.send(conn.<String>recv().toUpperCase(java.util.Locale.ROOT));
                served++;
            } catch (AuthenticationException e) {
                refused.add(e);
            } catch (ConnectionClosedException e) {
                if (!listener.isClosed()) {
                    throw new AssertionError("accept reported a closed listener, but the listener is open", e);
                }
            }
        }
        return served;
    }

    private static void assertServesAGoodClient(Listener listener) {
        try (Ends ends = connect(listener)) {
            ends.client().send("the next client is served");
            assertThat(ends.server().<String>recv()).isEqualTo("the next client is served");
        }
    }

    /** Counts every time Kryo constructs one, which it does while decoding. */
    static final class Tripwire {
        static final AtomicInteger DECODED = new AtomicInteger();

        Tripwire() {
            DECODED.incrementAndGet();
        }
    }
}
