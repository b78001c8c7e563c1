package io.github.mp4j.connection;

import static io.github.mp4j.connection.Sockets.KEY;
import static io.github.mp4j.connection.Sockets.async;
import static io.github.mp4j.connection.Sockets.await;
import static io.github.mp4j.connection.Sockets.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.connection.Sockets.Ends;
import io.github.mp4j.connection.Sockets.Transport;
import io.github.mp4j.resource.RuntimeDirectory;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A listener and its clients, over a Unix domain socket and over TCP. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ListenerClientTest {

    private static final int MANY = 10_000;

    @Test
    void bindWithOnlyAKeyListensOnAUnixSocketInThePrivateRuntimeDirectoryAndDeletesItOnClose() throws IOException {
        Path socketFile;
        try (Listener listener = Listener.bind(KEY)) {
            assertThat(listener.address().family()).isEqualTo(StandardProtocolFamily.UNIX);
            socketFile = ((UnixDomainSocketAddress) listener.address().socketAddress()).getPath();
            Path directory = socketFile.getParent();

            assertThat(directory).isEqualTo(RuntimeDirectory.get());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
            assertThat(socketFile).exists();
            try (Ends ends = connect(listener)) {
                ends.client().send("over the socket file");
                assertThat(ends.server().<String>recv()).isEqualTo("over the socket file");
            }
        }
        assertThat(socketFile).doesNotExist();
    }

    @Test
    void bindingTcpPortZeroReportsTheRealPort() {
        try (Listener listener = Listener.bind(Address.tcp("127.0.0.1", 0), KEY)) {
            assertThat(listener.address().family()).isEqualTo(StandardProtocolFamily.INET);
            assertThat(listener.address().toString()).startsWith("tcp:127.0.0.1:").doesNotEndWith(":0");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void objectsAndBytesTravelBothWays(Transport transport) {
        try (Listener listener = transport.bind(); Ends ends = connect(listener)) {
            ends.client().send(Map.of("task", 7));
            ends.client().send(null);
            ends.client().sendBytes(new byte[] {1, 2, 3});
            ends.client().sendBytes(new byte[] {9, 8, 7, 6, 5}, 1, 3);
            ends.client().sendBytes(new byte[0]);
            ends.server().send(List.of("done", 7));

            assertThat(ends.server().<Map<String, Integer>>recv()).isEqualTo(Map.of("task", 7));
            assertThat(ends.server().<Object>recv()).isNull();
            assertThat(ends.server().recvBytes()).containsExactly(1, 2, 3);
            assertThat(ends.server().recvBytes()).as("a slice of an array").containsExactly(8, 7, 6);
            assertThat(ends.server().recvBytes()).isEmpty();
            assertThat(ends.client().<List<Object>>recv()).containsExactly("done", 7);
            assertThat(ends.client().readable()).isTrue();
            assertThat(ends.client().writable()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void manyMessagesArriveInOrderInBothDirectionsAtOnce(Transport transport) {
        try (Listener listener = transport.bind(); Ends ends = connect(listener)) {
            CompletableFuture<Void> clientSends = async("client-send", () -> {
                for (int i = 0; i < MANY; i++) {
                    ends.client().send(i);
                }
                return null;
            });
            CompletableFuture<Void> serverSends = async("server-send", () -> {
                for (int i = 0; i < MANY; i++) {
                    ends.server().sendBytes(new byte[] {(byte) i, (byte) (i >> 8)});
                }
                return null;
            });
            CompletableFuture<List<Integer>> clientReceives = async("client-recv", () -> {
                List<Integer> received = new ArrayList<>(MANY);
                for (int i = 0; i < MANY; i++) {
                    byte[] bytes = ends.client().recvBytes();
                    received.add((bytes[0] & 0xff) | (bytes[1] & 0xff) << 8);
                }
                return received;
            });

            List<Integer> serverReceived = new ArrayList<>(MANY);
            for (int i = 0; i < MANY; i++) {
                serverReceived.add(ends.server().recv());
            }

            await(clientSends);
            await(serverSends);
            List<Integer> expected = new ArrayList<>(MANY);
            for (int i = 0; i < MANY; i++) {
                expected.add(i);
            }
            assertThat(serverReceived).isEqualTo(expected);
            assertThat(await(clientReceives)).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void oneListenerServesManyClientsIndependently(Transport transport) {
        try (Listener listener = transport.bind(); Ends first = connect(listener); Ends second = connect(listener)) {
            first.client().send("first");
            second.client().send("second");

            assertThat(second.server().<String>recv()).isEqualTo("second");
            assertThat(first.server().<String>recv()).isEqualTo("first");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aPeerThatConnectsAndSaysNothingDoesNotHoldUpThePeersBehindIt(Transport transport) throws IOException {
        try (Listener listener = transport.bind();
             SocketChannel silent = SocketChannel.open(listener.address().socketAddress())) {
            CompletableFuture<Connection> accepted = CompletableFuture.supplyAsync(listener::accept);
            try (Connection client = Client.connect(listener.address(), KEY)) {
                Connection server = accepted.get(20, TimeUnit.SECONDS);
                client.send("after the silent one");
                assertThat(server.<String>recv()).isEqualTo("after the silent one");
                server.close();
            } catch (ExecutionException | InterruptedException | TimeoutException e) {
                throw new AssertionError("accept did not return the authenticated peer while a silent one was"
                        + " connected (the handshake timeout is " + ConnectionOptions.DEFAULT_HANDSHAKE_TIMEOUT + ")", e);
            }
            assertThat(silent.isConnected()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void acceptedConnectionsOutliveTheirListener(Transport transport) {
        Listener listener = transport.bind();
        try (Ends ends = connect(listener)) {
            listener.close();

            ends.client().send("still here");
            assertThat(ends.server().<String>recv()).isEqualTo("still here");
        } finally {
            listener.close();
        }
    }

    @Test
    void acceptOnAClosedListenerSaysItIsClosed() {
        Listener listener = Listener.bind(KEY);
        listener.close();

        assertThatThrownBy(listener::accept)
                .isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining(listener.address().toString())
                .hasMessageContaining("closed");
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void closingAListenerWakesAThreadBlockedInAccept(Transport transport) {
        Listener listener = transport.bind();
        try {
            CompletableFuture<Connection> accepting = async("accept", listener::accept);

            listener.close();

            assertThatThrownBy(() -> await(accepting)).isInstanceOf(ConnectionClosedException.class);
        } finally {
            listener.close();
        }
    }

    @Test
    void connectingWhereNothingListensFailsNamingTheAddress() {
        Address gone;
        try (Listener listener = Listener.bind(KEY)) {
            gone = listener.address();
        }

        assertThatThrownBy(() -> Client.connect(gone, KEY))
                .isExactlyInstanceOf(ConnectionException.class)
                .hasMessageContaining("cannot connect to " + gone);
    }

    @Test
    void anEmptyKeyIsRefusedOnBothSides() {
        assertThatThrownBy(() -> Listener.bind(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("authKey must not be empty");
        assertThatThrownBy(() -> Client.connect(Address.tcp("127.0.0.1", 1), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("authKey must not be empty");
    }

    @Test
    void changingTheKeyArrayAfterBindDoesNotChangeTheListenersKey() {
        byte[] key = KEY.clone();
        try (Listener listener = Listener.bind(Address.tcp("127.0.0.1", 0), key)) {
            key[0] ^= 1;

            try (Ends ends = connect(listener)) {
                ends.client().send("authenticated with the original key");
                assertThat(ends.server().<String>recv()).isEqualTo("authenticated with the original key");
            }
        }
    }
}
