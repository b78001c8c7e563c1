package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.Client;
import io.github.mp4j.connection.Connection;
import io.github.mp4j.connection.Listener;
import io.github.mp4j.connection.ConnectionOptions;
import io.github.mp4j.connection.TlsSettings;
import io.github.mp4j.manager.ManagedList;
import io.github.mp4j.manager.ManagedMap;
import io.github.mp4j.manager.Manager;
import io.github.mp4j.manager.ManagerOptions;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.serial.SerializationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.example.gadget.Tripwire;
import org.example.gadget.TripwireLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manager on TCP used by a separate JVM, across the trust boundary: what that JVM sends is
 * decoded under the allow-list.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RemoteManagerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final byte[] KEY = "remote manager test key".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;
    private static TestTls tls;

    @BeforeAll
    static void stores() throws Exception {
        tls = TestTls.generate(dir);
    }

    @AfterAll
    static void noChildLeft() {
        ChildReaper.assertNoChildLeft();
    }

    @Test
    void aTcpManagerRefusesATripwireFromAnotherJvmWithoutInstantiatingItAndKeepsServing() {
        int before = TripwireLog.total();
        try (Manager manager = Mp.manager(ManagerOptions.builder().inProcess(true)
                .address(Address.tcp("127.0.0.1", 0)).authKey(KEY).build())) {
            ManagedMap<String, Object> map = manager.map();
            map.put("here", "before");
            ChildProcess child = Mp.process(RemoteManagerTest::sendTripwire, manager.address().toString(), map);
            child.start();
            assertThat(child.join(WAIT)).isTrue();
            assertThat(child.exitCode()).as("the child's checks (its output says which failed)").isZero();
            child.close();
            assertThat(TripwireLog.total()).as("the manager (this JVM) never initialized nor built a Tripwire")
                    .isEqualTo(before);
            assertThat(map).containsEntry("after", "still served").doesNotContainKey("gadget");
        }
    }

    @Test
    void aTlsManagerServesAnotherJvmThatConnectsWithTls() {
        // the owner connects to its own manager too: the settings hold the key store and the trust store
        TlsSettings both = TlsSettings.of(tls.keyStore(), TestTls.PASSWORD.toCharArray(), tls.trustStore(),
                TestTls.PASSWORD.toCharArray());
        try (Manager manager = Mp.manager(ManagerOptions.builder().inProcess(true).address(Address.tcp("127.0.0.1", 0))
                .authKey(KEY).connectionOptions(ConnectionOptions.DEFAULT.withTls(both)).build())) {
            ManagedMap<String, Object> map = manager.map();
            aChildUsesItOverTls(manager, map);
        }
    }

    @Test
    void aManagerInItsOwnJvmServesTlsWithKeyMaterialThatNeverAppearsOnItsCommandLine() {
        TlsSettings both = TlsSettings.of(tls.keyStore(), TestTls.PASSWORD.toCharArray(), tls.trustStore(),
                TestTls.PASSWORD.toCharArray());
        System.setProperty(TlsSettings.KEY_STORE, tls.keyStore().toString());
        System.setProperty(TlsSettings.KEY_STORE_PASSWORD, TestTls.PASSWORD);
        Manager manager;
        try {
            manager = Mp.manager(ManagerOptions.builder().address(Address.tcp("127.0.0.1", 0)).authKey(KEY)
                    .connectionOptions(ConnectionOptions.DEFAULT.withTls(both)).build());
        } finally {
            System.clearProperty(TlsSettings.KEY_STORE);
            System.clearProperty(TlsSettings.KEY_STORE_PASSWORD);
        }
        try (manager) {
            String commandLine = ProcessHandle.of(manager.pid()).orElseThrow().info().commandLine().orElse("");
            assertThat(commandLine).as("the manager's command line").isNotEmpty().doesNotContain(TestTls.PASSWORD)
                    .doesNotContain(tls.keyStore().toString()).doesNotContain(new String(KEY, StandardCharsets.UTF_8));
            ManagedMap<String, Object> map = manager.map();
            aChildUsesItOverTls(manager, map);
            Address plain = Address.parse(manager.address().toString().replace("127.0.0.1", "localhost"));
            Manager unencrypted = Manager.connect(plain, KEY,
                    new ConnectionOptions(ConnectionOptions.DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(2), null));
            assertThatThrownBy(() -> CompletableFuture.supplyAsync(() -> unencrypted.map()).join())
                    .as("a client without TLS").hasCauseInstanceOf(MpException.class);
            assertThat(map).as("still served").containsEntry("owner", "over TLS");
        }
    }

    /** A child given the manager's address, the trust store and the map writes to the map over TLS. */
    private void aChildUsesItOverTls(Manager manager, ManagedMap<String, Object> map) {
        map.put("owner", "over TLS");
        ChildProcess child = Mp.process(RemoteManagerTest::useOverTls,
                java.util.List.of(manager.address().toString(), tls.trustStore().toString()), map);
        child.start();
        assertThat(child.join(WAIT)).isTrue();
        assertThat(child.exitCode()).as("the child's checks (its output says which failed)").isZero();
        child.close();
        assertThat(map).containsEntry("child", "over TLS too");
    }

    private static void useOverTls(java.util.List<String> addressAndTrustStore, ManagedMap<String, Object> map) {
        Manager.connect(Address.parse(addressAndTrustStore.get(0)), KEY, ConnectionOptions.DEFAULT.withTls(
                TestTls.clientSettings(Path.of(addressAndTrustStore.get(1)), TestTls.PASSWORD)));
        if (!"over TLS".equals(map.get("owner"))) {
            throw new IllegalStateException("the owner's entry is " + map.get("owner"));
        }
        map.put("child", "over TLS too");
    }

    @Test
    void aClientWithoutTlsIsRefusedByATlsManagerWhichKeepsServing() {
        TlsSettings both = TlsSettings.of(tls.keyStore(), TestTls.PASSWORD.toCharArray(), tls.trustStore(),
                TestTls.PASSWORD.toCharArray());
        try (Manager manager = Mp.manager(ManagerOptions.builder().inProcess(true).address(Address.tcp("127.0.0.1", 0))
                .authKey(KEY).connectionOptions(ConnectionOptions.DEFAULT.withTls(both)).build())) {
            ManagedMap<String, Object> map = manager.map();
            // another address form of the same port, so this process's TLS options for it do not apply
            Address plain = Address.parse(manager.address().toString().replace("127.0.0.1", "localhost"));
            // a short handshake timeout: the plain client waits for a challenge the TLS side never sends
            Manager unencrypted = Manager.connect(plain, KEY,
                    new ConnectionOptions(ConnectionOptions.DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(2), null));
            assertThatThrownBy(() -> CompletableFuture.supplyAsync(() -> unencrypted.map()).join())
                    .hasCauseInstanceOf(MpException.class);
            map.put("still", "served");
            assertThat(map).containsEntry("still", "served");
        }
    }

    @Test
    void aManagerOnTheWildcardAddressAdvertisesAReachableOneAndItsProxiesWorkInAPoolTask() {
        try (Manager manager = Mp.manager(ManagerOptions.builder().inProcess(true)
                .address(Address.tcp("0.0.0.0", 0)).build());
             ProcessPool pool = Mp.pool(1)) {
            assertThat(manager.address().toString()).startsWith("tcp:").doesNotContain("0.0.0.0");
            ManagedList<String> list = manager.list();
            assertThat(pool.apply(() -> list.add("from a worker, over TCP"))).isTrue();
            assertThat(list).containsExactly("from a worker, over TCP");
        }
    }

    @Test
    void anAdvertisedAddressIsWhatProxiesCarryWithTheBoundPort() {
        try (Manager manager = Mp.manager(ManagerOptions.builder().inProcess(true).address(Address.tcp("0.0.0.0", 0))
                .advertisedAddress(Address.tcp("127.0.0.1", 0)).authKey(KEY).build())) {
            assertThat(manager.address().toString()).startsWith("tcp:127.0.0.1:").doesNotEndWith(":0");
            ManagedMap<String, Object> map = manager.map();
            map.put("k", "v");
            assertThat(map).containsEntry("k", "v");
        }
    }

    @Test
    void aProxyThatArrivesOverTlsReachesItsManagerWithThatConnectionsKeyAndTls() {
        ConnectionOptions options = ConnectionOptions.DEFAULT.withTls(TlsSettings.of(tls.keyStore(),
                TestTls.PASSWORD.toCharArray(), tls.trustStore(), TestTls.PASSWORD.toCharArray()));
        try (Manager manager = Mp.manager(ManagerOptions.builder().inProcess(true).address(Address.tcp("127.0.0.1", 0))
                .authKey(KEY).connectionOptions(options).build());
             Listener listener = Listener.bind(Address.tcp("127.0.0.1", 0), KEY, options)) {
            ManagedList<String> list = manager.list();
            ChildProcess child = Mp.process(RemoteManagerTest::receiveAndUse,
                    java.util.List.of(listener.address().toString(), tls.trustStore().toString()));
            child.start();
            try (Connection peer = listener.accept()) {
                peer.send(list);
                Object answer = peer.recv();
                assertThat(answer).as("the child's answer").isEqualTo("added");
            }
            assertThat(child.join(WAIT)).isTrue();
            assertThat(child.exitCode()).isZero();
            child.close();
            assertThat(list).containsExactly("through a proxy that came over TLS");
        }
    }

    private static void receiveAndUse(java.util.List<String> addressAndTrustStore) {
        ConnectionOptions options = ConnectionOptions.DEFAULT.withTls(
                TestTls.clientSettings(Path.of(addressAndTrustStore.get(1)), TestTls.PASSWORD));
        try (Connection connection = Client.connect(Address.parse(addressAndTrustStore.get(0)), KEY, options)) {
            @SuppressWarnings("unchecked")
            ManagedList<String> list = (ManagedList<String>) connection.recv();
            list.add("through a proxy that came over TLS");
            connection.send("added");
        }
    }

    private static void sendTripwire(String address, ManagedMap<String, Object> map) {
        Manager.connect(Address.parse(address), KEY);
        try {
            map.put("gadget", new Tripwire());
            throw new IllegalStateException("the manager decoded a Tripwire from a TCP peer");
        } catch (SerializationException e) {
            if (!e.getMessage().contains("refused to decode org.example.gadget.Tripwire")) {
                throw new IllegalStateException("not the allow-list's refusal: " + e, e);
            }
        }
        map.put("after", "still served");
    }
}
