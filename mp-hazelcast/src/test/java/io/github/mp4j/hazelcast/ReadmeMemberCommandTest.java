package io.github.mp4j.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.pool.PoolConfig;
import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's member command, run as written: a plain {@code java -cp ... ClusterMember ...}
 * process, no mp4j parent and no JVM flags, that a caller joins, runs a map on, and stops with
 * SIGTERM (what Ctrl-C or a service manager sends), after which neither the member nor its worker
 * JVMs are left.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReadmeMemberCommandTest {

    @Test
    void aMemberStartedWithTheReadmesCommandRunsAMapAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        String clusterName = "mp4j-readme-" + UUID.randomUUID();
        int port = 40_000 + ThreadLocalRandom.current().nextInt(200) * 10;
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "io.github.mp4j.hazelcast.ClusterMember",
                "--cluster-name=" + clusterName, "--members=127.0.0.1:" + port, "--port=" + port, "--workers=1"));
        File log = dir.resolve("member.log").toFile();
        Process member = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        List<ProcessHandle> workers = new ArrayList<>();
        try (ClusterPool pool = ClusterPool.connect(ClusterSettings.custom().clusterName(clusterName)
                .members(List.of("127.0.0.1:" + port)).build(), PoolConfig.ofDefaults())) {
            List<Integer> items = IntStream.range(0, 50).boxed().toList();

            List<Long> pids = pool.map((Integer x) -> ProcessHandle.current().pid(), items);
            List<Long> cubes = pool.map((Integer x) -> (long) x * x * x, items);

            assertThat(cubes).isEqualTo(items.stream().map(x -> (long) x * x * x).toList());
            assertThat(pool.memberStats()).singleElement()
                    .satisfies(stats -> assertThat(stats.member()).endsWith("(pid " + member.pid() + ")"));
            member.descendants().forEach(workers::add);
            assertThat(workers).as("the member's worker JVMs ran the tasks")
                    .extracting(ProcessHandle::pid).containsAll(pids.stream().distinct().toList());
        } finally {
            member.destroy();
            if (!member.waitFor(60, TimeUnit.SECONDS)) {
                member.destroyForcibly();
                member.waitFor(10, TimeUnit.SECONDS);
            }
        }
        for (ProcessHandle worker : workers) {
            worker.onExit().get(30, TimeUnit.SECONDS);
        }
        assertThat(member.exitValue()).as("exit status after SIGTERM (member log: %s)", log).isEqualTo(143);
        assertThat(workers).noneMatch(ProcessHandle::isAlive);
    }
}
