package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.Connection;
import io.github.mp4j.connection.ConnectionOptions;
import io.github.mp4j.connection.Listener;
import io.github.mp4j.connection.Pipe;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.transport.ObjectServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts on one machine: this JVM serves on one end of a veth pair, and a separate JVM runs in
 * a network namespace of its own on the other end, so that it can reach this one only over the
 * (virtual) network, by address and key. Needs root and {@code ip netns} (as CI has); skipped
 * with the reason elsewhere. The namespace, and with it the veth pair, is always deleted.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TwoHostsTest {

    private static final byte[] KEY = "two hosts test key 0123456789".getBytes(StandardCharsets.US_ASCII);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aJvmInAnotherNetworkNamespaceUsesQueuesServedHere() throws Exception {
        long id = ProcessHandle.current().pid() % 100_000;
        String namespace = "mp4j-" + id;
        String hostEnd = "mp4jh" + id;
        String peerEnd = "mp4jp" + id;
        String subnet = "10.213." + (id % 250) + ".";
        String hostIp = subnet + "1";
        String peerIp = subnet + "2";
        String failure = ip("netns", "add", namespace);
        Assumptions.assumeTrue(failure == null, () -> "cannot create a network namespace here (needs root and"
                + " iproute2's 'ip netns'): " + failure);
        try {
            setUp(namespace, hostEnd, peerEnd, hostIp, peerIp);
            runPeer(namespace, hostIp);
        } finally {
            ip("netns", "delete", namespace);
            ip("link", "delete", hostEnd);
        }
    }

    private void runPeer(String namespace, String hostIp) throws Exception {
        Address served = ObjectServer.local().listen(Address.tcp(hostIp, 0), KEY, ConnectionOptions.DEFAULT);
        Path output = dir.resolve("peer.log");
        try (Listener listener = Listener.bind(Address.tcp(hostIp, 0), KEY);
                ProcessQueue<Object> fromRemote = Mp.queue();
                ProcessQueue<Object> toRemote = Mp.queue(4)) {
            Process peer = new ProcessBuilder(RemotePeer.command(List.of("ip", "netns", "exec", namespace),
                    listener.address().toString(), HexFormat.of().formatHex(KEY)))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try (Connection connection = listener.accept()) {
                connection.send(fromRemote);
                connection.send(toRemote);
                assertThat(fromRemote.get(PATIENCE)).as("the remote put; its output: %s", log(output)).isEqualTo("hello");
                assertThat((String) fromRemote.get(PATIENCE)).as("how the remote reached the queue")
                        .contains("tcp:" + hostIp + ":");
                toRemote.put("ping");
                assertThat(fromRemote.get(PATIENCE)).isEqualTo("echo ping");
                try (Pipe pipe = Mp.pipe()) {
                    connection.send(pipe.right());
                    assertThat(pipe.left().poll(PATIENCE)).as("the remote attached the pipe end; its output: %s",
                            log(output)).isTrue();
                    assertThat(pipe.left().<String>recv()).isEqualTo("pipe hello");
                    pipe.left().send("ping");
                    assertThat(pipe.left().<String>recv()).isEqualTo("pipe echo ping");
                }
                assertThat(connection.<String>recv()).isEqualTo("done");
                connection.send("bye");
                assertThat(peer.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the remote exits").isTrue();
                assertThat(peer.exitValue()).as("the remote's exit status; its output: %s", log(output)).isZero();
            } finally {
                peer.destroyForcibly().waitFor();
            }
        } finally {
            ObjectServer.local().stopListening(served);
        }
    }

    private static void setUp(String namespace, String hostEnd, String peerEnd, String hostIp, String peerIp) {
        require(ip("link", "add", hostEnd, "type", "veth", "peer", "name", peerEnd));
        require(ip("link", "set", peerEnd, "netns", namespace));
        require(ip("addr", "add", hostIp + "/30", "dev", hostEnd));
        require(ip("link", "set", hostEnd, "up"));
        require(ip("netns", "exec", namespace, "ip", "addr", "add", peerIp + "/30", "dev", peerEnd));
        require(ip("netns", "exec", namespace, "ip", "link", "set", peerEnd, "up"));
        require(ip("netns", "exec", namespace, "ip", "link", "set", "lo", "up"));
    }

    private static void require(String failure) {
        if (failure != null) {
            throw new AssertionError("setting up the namespace failed: " + failure);
        }
    }

    /** @return {@code null} if the command succeeded, else what it printed */
    private static String ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + " did not finish";
            }
            return process.exitValue() == 0 ? null : String.join(" ", command) + ": " + output.trim();
        } catch (IOException e) {
            return String.join(" ", command) + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String log(Path output) {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
