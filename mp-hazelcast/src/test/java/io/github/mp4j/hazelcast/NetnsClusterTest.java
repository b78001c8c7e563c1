package io.github.mp4j.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.pool.AsyncResult;
import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.PoolEvent;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two members in network namespaces of their own, each behind a veth pair on a bridge of this
 * namespace with one address, joined over TCP-IP; the caller (a client here) runs a map across
 * them and one member's link is cut mid-map: its chunks run on the other, the map completes.
 * Skipped, saying why, where namespaces cannot be made (not root, no {@code ip}).
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class NetnsClusterTest {

    private final int id = ThreadLocalRandom.current().nextInt(1000, 10_000);
    private final String subnet = "10.177." + (id % 250) + ".";
    private final String bridge = "mp4jbr" + id;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> members = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Process member : members) {
            member.destroyForcibly();
            member.waitFor(30, TimeUnit.SECONDS);
        }
        // a veth pair goes with either end; deleting the host ends does not wait for the kernel to
        // tear the namespaces down
        for (String suffix : List.of("a", "b")) {
            ip("link", "del", "mp4jv" + id + suffix);
        }
        for (String namespace : namespaces) {
            ip("netns", "del", namespace);
        }
        ip("link", "del", bridge);
    }

    @Test
    void aMapSurvivesCuttingOneMembersLink() throws Exception {
        String made = ip("netns", "add", "mp4jns" + id + "a");
        Assumptions.assumeTrue(made.isEmpty(), "network namespaces cannot be made here (ip netns add: " + made + ")");
        namespaces.add("mp4jns" + id + "a");
        check(ip("link", "add", bridge, "type", "bridge"));
        check(ip("addr", "add", subnet + "1/24", "dev", bridge));
        check(ip("link", "set", bridge, "up"));
        String a = namespace(0);
        String b = namespace(1);
        List<String> addresses = List.of(a + ":5701", b + ":5701");
        String clusterName = "mp4j-netns-" + id;
        members.add(startMember(namespaces.get(0), a, clusterName, addresses));
        members.add(startMember(namespaces.get(1), b, clusterName, addresses));
        ClusterSettings settings = ClusterSettings.custom().clusterName(clusterName).members(addresses)
                .failureDetection(Duration.ofSeconds(5)).build();
        try (ClusterPool pool = ClusterPool.connect(settings, PoolConfig.custom().retries(3).build())) {
            awaitWorkers(pool, 2);
            CountDownLatch running = new CountDownLatch(2);
            pool.addListener(event -> {
                if (event instanceof PoolEvent.ChunkCompleted) {
                    running.countDown();
                }
            });
            List<Integer> items = IntStream.range(0, 80).boxed().toList();
            AsyncResult<List<Integer>> job = pool.mapAsync(x -> {
                sleep(150);
                return x + 1000;
            }, items, CallOptions.defaults().withChunkSize(2));
            assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();
            check(ip("link", "set", "mp4jv" + id + "b", "down"));
            assertThat(job.get(Duration.ofSeconds(90))).isEqualTo(items.stream().map(x -> x + 1000).toList());
            assertThat(pool.metrics().tasksRetried()).as("the cut member's chunks ran again").isPositive();
        }
    }

    /** Makes namespace i (the first exists already) with its veth pair and address; returns the address. */
    private String namespace(int i) throws Exception {
        String suffix = i == 0 ? "a" : "b";
        String namespace = "mp4jns" + id + suffix;
        if (i > 0) {
            check(ip("netns", "add", namespace));
            namespaces.add(namespace);
        }
        String host = "mp4jv" + id + suffix;
        String peer = "mp4jp" + id + suffix;
        String address = subnet + (10 + i);
        check(ip("link", "add", host, "type", "veth", "peer", "name", peer));
        check(ip("link", "set", host, "master", bridge));
        check(ip("link", "set", host, "up"));
        check(ip("link", "set", peer, "netns", namespace));
        check(ip("-n", namespace, "addr", "add", address + "/24", "dev", peer));
        check(ip("-n", namespace, "link", "set", peer, "up"));
        check(ip("-n", namespace, "link", "set", "lo", "up"));
        return address;
    }

    private static Process startMember(String namespace, String address, String clusterName, List<String> addresses)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace,
                ProcessHandle.current().info().command().orElse("java")));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("--add-opens")).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ClusterMember.class.getName(),
                "--cluster-name=" + clusterName, "--members=" + String.join(",", addresses), "--bind=" + address,
                "--workers=2", "--threads", "--failure-detection-seconds=5", "--logging=none"));
        return new ProcessBuilder(command).inheritIO().start();
    }

    private static void awaitWorkers(ClusterPool pool, int members) throws InterruptedException {
        CountDownLatch joined = new CountDownLatch(members);
        pool.addListener(event -> {
            if (event instanceof PoolEvent.WorkerStarted) {
                joined.countDown();
            }
        });
        for (int i = 0; i < pool.workers().size(); i++) {
            joined.countDown();
        }
        assertThat(joined.await(90, TimeUnit.SECONDS)).as("both members joined").isTrue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void check(String error) {
        assertThat(error).as("ip command").isEmpty();
    }

    /** Runs {@code ip}; returns its error output (empty when it succeeded). */
    private static String ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return "cannot run ip: " + e.getMessage();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return process.waitFor() == 0 ? "" : output.isEmpty() ? "failed" : output;
    }
}
