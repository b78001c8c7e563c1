package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.AuthenticationException;
import io.github.mp4j.connection.ConnectionException;
import io.github.mp4j.connection.ConnectionOptions;
import io.github.mp4j.connection.TlsSettings;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.transport.FramedChannel;
import io.github.mp4j.transport.Handshake;
import io.github.mp4j.transport.HostileClientsTest;
import io.github.mp4j.transport.ObjectServer;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HostileClientsTest}'s cases that mean something under TLS, against an object server
 * endpoint that serves TLS: it keeps serving its other clients, on a connection opened before and
 * on new ones, and each case leaves no thread or file descriptor behind. (A replayed handshake
 * and the decode cases are TLS-blind: the plain test covers them.)
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileTlsClientsTest {

    private static final byte[] KEY = "hostile TLS clients test key 0123456789".getBytes(StandardCharsets.US_ASCII);
    /** An id of its own (HostileClientsTest's echo is 117): echoes what it decodes. */
    private static final int ECHO = 118;
    private static final int MAX_FRAME = 1 << 20;
    private static final ConnectionOptions LIMITS = new ConnectionOptions(MAX_FRAME, Duration.ofSeconds(2));

    /** What the echo service serves. */
    private record TlsEcho(String name) {
    }

    static {
        ObjectServer.registerService(ECHO, "TLS echo", TlsEcho.class, (echo, argument, channel) -> {
            try {
                while (true) {
                    channel.write(ByteBuffer.wrap(ObjectCodec.encode(channel.decode(channel.read()))));
                }
            } catch (ConnectionException e) {
                return false;
            }
        });
    }

    @TempDir
    static Path dir;
    private static TestTls tls;
    private static Address address;
    private static long echoId;
    private FramedChannel regular;
    private int fdsBefore;
    private int threadsBefore;

    @BeforeAll
    static void serveOnTcpWithTls() throws Exception {
        tls = TestTls.generate(dir);
        address = ObjectServer.local().listen(Address.tcp("127.0.0.1", 0), KEY, LIMITS.withTls(tls.server()));
        ObjectServer.useKey(address, KEY, ConnectionOptions.DEFAULT.withTls(tls.client()));
        echoId = ObjectServer.local().register(new TlsEcho("echo"));
    }

    @AfterAll
    static void stopServing() {
        ObjectServer.local().stopListening(address);
        ObjectServer.local().unregister(echoId);
    }

    @BeforeEach
    void connectTheRegularClient() {
        regular = connect();
        assertThat(regular.encrypted()).isTrue();
        assertThat(call(regular, "warm-up")).isEqualTo("warm-up");
        FramedChannel other = connect();
        assertThat(call(other, "warm-up")).isEqualTo("warm-up");
        int withOther = HostileClientsTest.serverThreads();
        other.close();
        HostileClientsTest.awaitSettled("the warm-up's server thread", HostileClientsTest::serverThreads, withOther - 1);
        threadsBefore = HostileClientsTest.serverThreads();
        fdsBefore = HostileClientsTest.openFds();
    }

    @AfterEach
    void regularAndNewClientsAreServedAndNothingLeaked() {
        assertThat(call(regular, List.of("still", "served"))).as("the connection opened before").isEqualTo(List.of("still", "served"));
        FramedChannel fresh = connect();
        assertThat(call(fresh, 42)).as("a new connection").isEqualTo(42);
        fresh.close();
        regular.close();
        HostileClientsTest.awaitSettled("threads serving connections", HostileClientsTest::serverThreads, threadsBefore - 1);
        HostileClientsTest.awaitSettled("open file descriptors", HostileClientsTest::openFds, fdsBefore - 1);
    }

    @Test
    void theRightCertificateAndAWrongKey() {
        assertThatThrownBy(() -> handshake("not the key".getBytes(StandardCharsets.US_ASCII), tls.client()))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("auth key");
    }

    @Test
    void aClientThatDoesNotTrustTheCertificate() {
        assertThatThrownBy(() -> handshake(KEY, TlsSettings.of(null, null, null, null)))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("TLS");
    }

    @Test
    void aPlainTextClient() {
        assertThatThrownBy(() -> handshake(KEY, null)).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void garbageBeforeTheTlsHandshake() throws IOException {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        for (byte[] bytes : List.of(garbage, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII))) {
            try (SocketChannel raw = SocketChannel.open(address.socketAddress())) {
                HostileClientsTest.writeFully(raw, ByteBuffer.wrap(bytes));
                assertThat(HostileClientsTest.readUntilClosed(raw)).as("the server hangs up").isTrue();
            }
        }
    }

    @Test
    void anOversizedFrameInsideTls() {
        FramedChannel channel = connect();
        channel.setMaxFrameBytes(4 * MAX_FRAME);
        assertThatThrownBy(() -> {
            // the server may hang up while the frame is still being written
            channel.write(ByteBuffer.allocate(2 * MAX_FRAME));
            channel.read();
        }).as("the server closed the connection").isInstanceOf(ConnectionException.class);
        channel.close();
    }

    @Test
    void aClientDyingMidCall() throws IOException {
        for (int i = 0; i < 5; i++) {
            FramedChannel channel = connect();
            channel.write(ByteBuffer.wrap(ObjectCodec.encode(new byte[512 << 10])));
            // a process that dies mid-call: the kernel resets its connections, no TLS close_notify
            HostileClientsTest.channelOf(channel).setOption(StandardSocketOptions.SO_LINGER, 0);
            HostileClientsTest.channelOf(channel).close();
            channel.close();
        }
    }

    private static FramedChannel connect() {
        return ObjectServer.connect(address, KEY, ECHO, echoId, 0);
    }

    /** Runs a client's handshake with the given key and TLS (or none), then closes. */
    private static void handshake(byte[] key, TlsSettings settings) throws IOException {
        try (FramedChannel channel = new FramedChannel(FramedChannel.openSocket(address), MAX_FRAME)) {
            Handshake.asClient(channel, key, settings == null ? LIMITS : LIMITS.withTls(settings));
        }
    }

    private static Object call(FramedChannel channel, Object request) {
        channel.write(ByteBuffer.wrap(ObjectCodec.encode(request)));
        return channel.decode(channel.read());
    }
}
