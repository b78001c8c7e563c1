package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.AuthenticationException;
import io.github.mp4j.connection.Client;
import io.github.mp4j.connection.Connection;
import io.github.mp4j.connection.ConnectionOptions;
import io.github.mp4j.connection.Listener;
import io.github.mp4j.connection.TlsSettings;
import io.github.mp4j.function.SerializableCallable;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.serial.SerializationException;
import io.github.mp4j.transport.ObjectServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Another JVM, started by the test and not a child of it, reaches this process over TCP by
 * address and key, with and without TLS, and uses queues and a pipe end whose handles it received;
 * a pool is refused with an error that says what to send instead.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RemoteUseTest {

    static final byte[] KEY = "remote use test key 0123456789".getBytes(StandardCharsets.US_ASCII);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static TestTls tls;

    @BeforeAll
    static void makeStores() throws Exception {
        tls = TestTls.generate(dir);
    }

    @ParameterizedTest(name = "TLS {0}")
    @ValueSource(booleans = {false, true})
    void queueHandlesSentToAnotherJvmOverTcpWorkThere(boolean withTls) throws Exception {
        ConnectionOptions options = withTls ? ConnectionOptions.DEFAULT.withTls(tls.server()) : ConnectionOptions.DEFAULT;
        Address served = ObjectServer.local().listen(Address.tcp("127.0.0.1", 0), KEY, options);
        Path output = dir.resolve("peer-" + withTls + ".log");
        try (Listener listener = Listener.bind(Address.tcp("127.0.0.1", 0), KEY, options);
                ProcessQueue<Object> fromRemote = Mp.queue();
                ProcessQueue<Object> toRemote = Mp.queue(4)) {
            List<String> args = withTls
                    ? List.of(listener.address().toString(), HexFormat.of().formatHex(KEY), tls.trustStore().toString(),
                            TestTls.PASSWORD)
                    : List.of(listener.address().toString(), HexFormat.of().formatHex(KEY));
            Process peer = new ProcessBuilder(RemotePeer.command(List.of(), args.toArray(String[]::new)))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try (Connection connection = listener.accept()) {
                RemotePeer.exchange(connection, fromRemote, toRemote, served.toString(), output);
                RemotePeer.awaitExit(peer, output);
            } finally {
                peer.destroyForcibly().waitFor();
            }
        } finally {
            ObjectServer.local().stopListening(served);
        }
    }

    @Test
    void tlsRefusesPlainPeersAndUntrustedCertificatesAndServesTheNextClient() {
        ConnectionOptions impatient = new ConnectionOptions(1 << 20, Duration.ofSeconds(1));
        try (Listener listener = Listener.bind(Address.tcp("127.0.0.1", 0), KEY,
                ConnectionOptions.DEFAULT.withTls(tls.server()))) {
            Thread server = new Thread(() -> serveUntilClosed(listener), "test-tls-server");
            server.setDaemon(true);
            server.start();

            assertThatThrownBy(() -> Client.connect(listener.address(), KEY, impatient)).as("a plain client")
                    .isInstanceOf(AuthenticationException.class);
            TlsSettings jdkDefaultTrust = TlsSettings.of(null, null, null, null);
            assertThatThrownBy(() -> Client.connect(listener.address(), KEY, impatient.withTls(jdkDefaultTrust)))
                    .as("a client that does not trust the certificate")
                    .isInstanceOf(AuthenticationException.class).hasMessageContaining("TLS");
            assertThatThrownBy(() -> Client.connect(listener.address(), "another key".getBytes(StandardCharsets.US_ASCII),
                    ConnectionOptions.DEFAULT.withTls(tls.client()))).as("the right certificate, the wrong key")
                    .isInstanceOf(AuthenticationException.class).hasMessageContaining("auth key");
            System.setProperty(TlsSettings.TRUST_STORE, tls.trustStore().toString());
            System.setProperty(TlsSettings.TRUST_STORE_PASSWORD, TestTls.PASSWORD);
            TlsSettings fromProperties;
            try {
                fromProperties = TlsSettings.fromSystemProperties();
            } finally {
                System.clearProperty(TlsSettings.TRUST_STORE);
                System.clearProperty(TlsSettings.TRUST_STORE_PASSWORD);
            }
            try (Connection client = Client.connect(listener.address(), KEY, ConnectionOptions.DEFAULT.withTls(fromProperties))) {
                client.send("over tls");
                assertThat(client.<String>recv()).isEqualTo("OVER TLS");
                byte[] large = new byte[3 << 20];
                new java.util.Random(5).nextBytes(large);
                client.sendBytes(large);
                assertThat(client.recvBytes()).isEqualTo(large);
            }
        }
    }

    @Test
    void aPoolIsNotSentAndTheErrorSaysWhatToDoWhileTheConnectionStaysUsable() {
        try (Listener listener = Listener.bind(Address.tcp("127.0.0.1", 0), KEY);
                ProcessPool pool = MpContext.threads().pool(1)) {
            Thread server = new Thread(() -> serveUntilClosed(listener), "test-pool-refusal-server");
            server.setDaemon(true);
            server.start();
            try (Connection client = Client.connect(listener.address(), KEY)) {
                assertThatThrownBy(() -> client.send(pool)).isInstanceOf(SerializationException.class)
                        .hasMessageContaining("belongs to the JVM that created it").hasMessageContaining("ProcessQueue");
                SerializableCallable<Integer> capturing = () -> pool.apply(() -> 1);
                assertThatThrownBy(() -> client.send(capturing)).as("a task that captured the pool")
                        .isInstanceOf(SerializationException.class).hasMessageContaining("belongs to the JVM");
                client.send("still usable");
                assertThat(client.<String>recv()).isEqualTo("STILL USABLE");
            }
        }
    }

    @Test
    void anAuthKeyIsRequiredOnEveryAddress() {
        assertThatThrownBy(() -> Listener.bind(Address.tcp("0.0.0.0", 0), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("authKey must not be empty");
        assertThatThrownBy(() -> ObjectServer.local().listen(Address.tcp("0.0.0.0", 0), new byte[0], ConnectionOptions.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("an auth key is required");
    }

    /** Upper-cases strings and echoes byte arrays, for each peer that authenticates, until the listener closes. */
    private static void serveUntilClosed(Listener listener) {
        while (!listener.isClosed()) {
            try (Connection connection = listener.accept()) {
                connection.send(connection.<String>recv().toUpperCase(java.util.Locale.ROOT));
                connection.sendBytes(connection.recvBytes());
            } catch (RuntimeException e) {
                // a refused peer, or one that left: the next one is served
            }
        }
    }
}
