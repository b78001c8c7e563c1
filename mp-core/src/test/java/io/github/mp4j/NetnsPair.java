package io.github.mp4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * Two hosts on one machine, for tests: a network namespace of its own joined to this one by a veth
 * pair, with one address at each end, so that a JVM started in it ({@link #exec}) reaches this JVM
 * only over the (virtual) network. Needs root and iproute2's {@code ip netns} (as CI has);
 * {@link #createOrSkip} skips the test with the reason elsewhere. {@link #close} deletes the
 * namespace and the veth pair, whatever happened.
 */
final class NetnsPair implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String namespace;
    private final String hostEnd;
    private final String hostIp;
    private final String peerIp;

    private NetnsPair(String namespace, String hostEnd, String hostIp, String peerIp) {
        this.namespace = namespace;
        this.hostEnd = hostEnd;
        this.hostIp = hostIp;
        this.peerIp = peerIp;
    }

    /**
     * Makes the namespace and the veth pair, or skips the calling test (a JUnit assumption) if
     * namespaces cannot be made here.
     *
     * @return the pair, to close
     */
    static NetnsPair createOrSkip() {
        long id = (ProcessHandle.current().pid() * 7 + SEQUENCE.getAndIncrement()) % 100_000;
        String namespace = "mp4j-" + id;
        String subnet = "10.213." + (id % 250) + ".";
        String failure = ip("netns", "add", namespace);
        Assumptions.assumeTrue(failure == null, () -> "cannot create a network namespace here (needs root and"
                + " iproute2's 'ip netns'): " + failure);
        NetnsPair pair = new NetnsPair(namespace, "mp4jh" + id, subnet + "1", subnet + "2");
        try {
            pair.setUp("mp4jp" + id);
        } catch (RuntimeException | AssertionError e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    /** @return this JVM's address, at the host end of the veth pair */
    String hostIp() {
        return hostIp;
    }

    /** @return the address of the namespace's end */
    String peerIp() {
        return peerIp;
    }

    /** @return what runs a command in the namespace: put it in front of the command */
    List<String> exec() {
        return List.of("ip", "netns", "exec", namespace);
    }

    private void setUp(String peerEnd) {
        require(ip("link", "add", hostEnd, "type", "veth", "peer", "name", peerEnd));
        require(ip("link", "set", peerEnd, "netns", namespace));
        require(ip("addr", "add", hostIp + "/30", "dev", hostEnd));
        require(ip("link", "set", hostEnd, "up"));
        require(ip("netns", "exec", namespace, "ip", "addr", "add", peerIp + "/30", "dev", peerEnd));
        require(ip("netns", "exec", namespace, "ip", "link", "set", peerEnd, "up"));
        require(ip("netns", "exec", namespace, "ip", "link", "set", "lo", "up"));
    }

    /** Deletes the namespace (which deletes the peer end) and the host end, if still there. */
    @Override
    public void close() {
        ip("netns", "delete", namespace);
        ip("link", "delete", hostEnd);
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
}
