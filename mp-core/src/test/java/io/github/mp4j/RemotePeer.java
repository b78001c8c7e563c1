package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.Client;
import io.github.mp4j.connection.Connection;
import io.github.mp4j.connection.ConnectionOptions;
import io.github.mp4j.connection.Pipe;
import io.github.mp4j.process.JvmOptions;
import io.github.mp4j.queue.ProcessQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another JVM, not a child of the test: it connects to the test's listener by address and key,
 * receives two queue handles, and uses them. Run by {@link RemoteUseTest} and
 * {@code TwoHostsTest} ({@link #command}), whose side of the exchange is {@link #exchange}.
 *
 * <p>Protocol: the owner sends {@code fromRemote}, then {@code toRemote}; this JVM puts
 * {@code "hello"} and its handle's description on {@code fromRemote}, takes one item from
 * {@code toRemote} and puts {@code "echo " + item} back. Then the owner sends one end of a pipe of
 * its own; this JVM sends {@code "pipe hello"} on it, receives one message and sends it back with
 * {@code "pipe echo "} in front, and says {@code "done"} on the connection.
 */
public final class RemotePeer {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private RemotePeer() {
    }

    /**
     * @param args the listener's address and the key in hex; then, for TLS, a trust store's path
     *     and password
     */
    public static void main(String[] args) {
        byte[] key = HexFormat.of().parseHex(args[1]);
        ConnectionOptions options = args.length > 2
                ? ConnectionOptions.DEFAULT.withTls(TestTls.clientSettings(Path.of(args[2]), args[3])) : ConnectionOptions.DEFAULT;
        try (Connection connection = Client.connect(Address.parse(args[0]), key, options)) {
            ProcessQueue<Object> fromRemote = connection.recv();
            ProcessQueue<Object> toRemote = connection.recv();
            fromRemote.put("hello");
            fromRemote.put(fromRemote.toString());
            Object item = toRemote.get(Duration.ofSeconds(60));
            fromRemote.put("echo " + item);
            try (Connection pipeEnd = connection.recv()) {
                pipeEnd.send("pipe hello");
                pipeEnd.send("pipe echo " + pipeEnd.recv());
            }
            connection.send("done");
            connection.recv();
        }
    }

    /**
     * @param prefix what runs the JVM (empty, or {@code ip netns exec NAME})
     * @param args {@link #main}'s arguments
     * @return the command line that runs this class in a new JVM with the test's class path
     */
    public static List<String> command(List<String> prefix, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmOptions.requiredJvmFlags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), RemotePeer.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
    /**
     * The test's side of {@link #main}'s exchange, run on the connection the peer opened: the
     * peer puts on one queue and echoes from another, then attaches a pipe end and talks on it.
     *
     * @param servedAt text the peer's view of the queue must contain: the address it reached it at
     * @param output the peer's output file, quoted in failure messages
     */
    public static void exchange(Connection connection, ProcessQueue<Object> fromRemote, ProcessQueue<Object> toRemote,
            String servedAt, Path output) {
        connection.send(fromRemote);
        connection.send(toRemote);
        assertThat(fromRemote.get(PATIENCE)).as("the remote put; its output: %s", log(output)).isEqualTo("hello");
        assertThat((String) fromRemote.get(PATIENCE)).as("how the remote reached the queue").contains(servedAt);
        toRemote.put("ping");
        assertThat(fromRemote.get(PATIENCE)).isEqualTo("echo ping");
        try (Pipe pipe = Mp.pipe()) {
            connection.send(pipe.right());
            assertThat(pipe.left().poll(PATIENCE)).as("the remote attached the pipe end; its output: %s", log(output))
                    .isTrue();
            assertThat(pipe.left().<String>recv()).isEqualTo("pipe hello");
            pipe.left().send("ping");
            assertThat(pipe.left().<String>recv()).isEqualTo("pipe echo ping");
        }
        assertThat(connection.<String>recv()).isEqualTo("done");
        connection.send("bye");
    }

    /** Waits for a peer JVM to exit and checks that it exited 0, quoting its output otherwise. */
    public static void awaitExit(Process peer, Path output) throws InterruptedException {
        assertThat(peer.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the remote exits").isTrue();
        assertThat(peer.exitValue()).as("the remote's exit status; its output: %s", log(output)).isZero();
    }

    /** @return what a peer wrote to its output file, for a failure message */
    public static String log(Path output) {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
