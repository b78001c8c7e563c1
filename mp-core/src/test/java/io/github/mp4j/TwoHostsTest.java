package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.Connection;
import io.github.mp4j.connection.ConnectionOptions;
import io.github.mp4j.connection.Listener;
import io.github.mp4j.manager.ManagedList;
import io.github.mp4j.manager.ManagedLock;
import io.github.mp4j.manager.ManagedMap;
import io.github.mp4j.manager.Manager;
import io.github.mp4j.manager.ManagerOptions;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.transport.ObjectServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts on one machine ({@link NetnsPair}, made once for the class): this JVM serves on one
 * end of a veth pair, and a separate JVM runs in a network namespace of its own on the other end,
 * so that it can reach this one only over the (virtual) network, by address and key. Needs root
 * and {@code ip netns} (as CI has); skipped with the reason elsewhere.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TwoHostsTest {

    private static final byte[] KEY = "two hosts test key 0123456789".getBytes(StandardCharsets.US_ASCII);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static NetnsPair hosts;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeTheOtherHost() {
        hosts = NetnsPair.createOrSkip();
    }

    @AfterAll
    static void removeTheOtherHost() {
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    void aJvmInAnotherNetworkNamespaceUsesQueuesAndAPipeServedHere() throws Exception {
        String hostIp = hosts.hostIp();
        Address served = ObjectServer.local().listen(Address.tcp(hostIp, 0), KEY, ConnectionOptions.DEFAULT);
        Path output = dir.resolve("peer.log");
        try (Listener listener = Listener.bind(Address.tcp(hostIp, 0), KEY);
                ProcessQueue<Object> fromRemote = Mp.queue();
                ProcessQueue<Object> toRemote = Mp.queue(4)) {
            Process peer = new ProcessBuilder(RemotePeer.command(hosts.exec(),
                    listener.address().toString(), HexFormat.of().formatHex(KEY)))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try (Connection connection = listener.accept()) {
                RemotePeer.exchange(connection, fromRemote, toRemote, "tcp:" + hostIp + ":", output);
                RemotePeer.awaitExit(peer, output);
            } finally {
                peer.destroyForcibly().waitFor();
            }
        } finally {
            ObjectServer.local().stopListening(served);
        }
    }

    @Test
    void aJvmInAnotherNetworkNamespaceUsesAManagerServedHereMapLockAndNestedProxy() throws Exception {
        String hostIp = hosts.hostIp();
        Path output = dir.resolve("manager-peer.log");
        try (Manager manager = Mp.manager(ManagerOptions.builder().inProcess(true)
                .address(Address.tcp(hostIp, 0)).authKey(KEY).build());
                Listener listener = Listener.bind(Address.tcp(hostIp, 0), KEY)) {
            assertThat(manager.address().toString()).startsWith("tcp:" + hostIp + ":");
            ManagedMap<String, Object> map = manager.map();
            ManagedList<String> inner = manager.list();
            map.put("inner", inner);
            ManagedLock lock = manager.lock();
            lock.acquire();
            boolean held = true;
            Process peer = new ProcessBuilder(RemoteManagerPeer.command(hosts.exec(),
                    listener.address().toString(), HexFormat.of().formatHex(KEY)))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try (Connection connection = listener.accept()) {
                connection.send(map);
                connection.send(lock);
                assertThat(connection.<String>recv()).as("the peer's progress; its output: %s", RemotePeer.log(output))
                        .isEqualTo("ready");
                assertThat(map).containsEntry("peer", "hello").containsEntry("lockWasHeld", true);
                assertThat(inner).as("the nested list, changed through the proxy the peer got from the map")
                        .containsExactly("from the peer");
                lock.release();
                held = false;
                assertThat(connection.<String>recv()).as("its output: %s", RemotePeer.log(output)).isEqualTo("done");
                assertThat(map).containsEntry("locked", true);
                assertThat(lock.isLocked()).as("the peer released the lock").isFalse();
                connection.send("bye");
                RemotePeer.awaitExit(peer, output);
            } finally {
                if (held) {
                    lock.release();
                }
                peer.destroyForcibly().waitFor();
            }
        }
    }
}
