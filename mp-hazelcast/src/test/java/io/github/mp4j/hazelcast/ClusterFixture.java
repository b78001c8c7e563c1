package io.github.mp4j.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.core.HazelcastInstance;
import io.github.mp4j.process.ChildProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A cluster for tests: member JVMs started as mp4j child processes on loopback, each running
 * {@link ClusterMember#main}, a cluster name and ports of their own so that runs do not meet,
 * and a Hazelcast client as the caller. {@link #close()} stops every member and waits for it.
 */
final class ClusterFixture implements AutoCloseable {

    final String clusterName = "mp4j-test-" + UUID.randomUUID();
    final int basePort = 20_000 + ThreadLocalRandom.current().nextInt(400) * 100;
    final List<ChildProcess> members = new ArrayList<>();
    private final Set<String> ready = ConcurrentHashMap.newKeySet();
    private HazelcastInstance client;

    ClusterSettings settings() {
        List<String> addresses = IntStream.range(0, 6).mapToObj(i -> "127.0.0.1:" + (basePort + i)).collect(Collectors.toList());
        return ClusterSettings.custom().clusterName(clusterName).members(addresses).port(basePort)
                .failureDetection(Duration.ofSeconds(5)).build();
    }

    /**
     * Starts a member JVM.
     *
     * @param workers its local pool's workers
     * @param threads whether they are threads (else JVMs)
     * @return the member's process
     */
    ChildProcess startMember(int workers, boolean threads) {
        ClusterSettings s = settings();
        List<String> args = new ArrayList<>(List.of("--cluster-name=" + clusterName, "--members=" + String.join(",", s.members()),
                "--port=" + basePort, "--workers=" + workers, "--failure-detection-seconds=5"));
        if (threads) {
            args.add("--threads");
        }
        ChildProcess member = ChildProcess.builder(ClusterFixture::runMember, args.toArray(new String[0]))
                .name("member-" + members.size()).build();
        member.start();
        members.add(member);
        return member;
    }

    private static void runMember(String[] args) {
        ClusterMember.main(args);
    }

    /** @return the caller's client, connected once a member is up */
    HazelcastInstance client() {
        if (client == null) {
            client = HazelcastClient.newHazelcastClient(settings().clientConfig());
            client.getCluster().addMembershipListener(new InitialMembershipListener() {
                @Override
                public void init(InitialMembershipEvent event) {
                    event.getMembers().forEach(member -> ready.add(pidOf(member)));
                }

                @Override
                public void memberAdded(MembershipEvent event) {
                    ready.add(pidOf(event.getMember()));
                    synchronized (ready) {
                        ready.notifyAll();
                    }
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    ready.remove(pidOf(event.getMember()));
                }
            });
        }
        return client;
    }

    private static String pidOf(Member member) {
        return String.valueOf(member.getAttribute(ClusterMember.PID_ATTRIBUTE));
    }

    /**
     * Waits until the member process has joined the cluster.
     *
     * @param member the member's process
     * @param timeout how long at most
     */
    void awaitJoined(ChildProcess member, Duration timeout) throws InterruptedException {
        client();
        long deadline = System.nanoTime() + timeout.toNanos();
        String pid = Long.toString(member.pid());
        synchronized (ready) {
            while (!ready.contains(pid)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !member.isAlive()) {
                    throw new AssertionError("member " + pid + " did not join cluster " + clusterName + " within " + timeout
                            + " (alive: " + member.isAlive() + ")");
                }
                ready.wait(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.shutdown();
        }
        for (ChildProcess member : members) {
            if (member.isAlive()) {
                member.terminate();
            }
        }
        for (ChildProcess member : members) {
            if (!member.join(Duration.ofSeconds(30))) {
                member.kill();
                member.join(Duration.ofSeconds(10));
            }
        }
    }
}
