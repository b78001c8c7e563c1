package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import io.github.mp4j.hazelcast.ClusterMember;
import io.github.mp4j.hazelcast.ClusterPool;
import io.github.mp4j.hazelcast.ClusterSettings;
import io.github.mp4j.pool.AsyncResult;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.process.ChildProcess;
import java.io.Serializable;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/**
 * The scale-out workloads (mp4j only): a cluster of two member JVMs on this machine, each running
 * its chunks in a local pool of one worker JVM, driven through a Hazelcast client.
 * {@code cluster_cpu_vs_local} sets it against a local Pool(2); {@code cluster_apply_async_tasks_per_s}
 * and {@code cluster_map_tiny_tasks_per_s} against Hazelcast's own {@link IExecutorService} running
 * the same lambdas on the same members.
 */
final class ClusterBench {

    private static final int MEMBERS = 2;
    private static final int APPLY_N = 2_000;
    private static final int MAP_N = 20_000;
    private static final String DIRECT_EXECUTOR = "bench-direct";

    private static final String CPU_NOTE = """
            mp4j only. The 64-range prime count of pool_cpu_speedup (starmap, chunkSize 1) on a cluster of
            2 member JVMs on this machine, 1 worker JVM each, through a Hazelcast client, against a local
            Pool(2), in the same run, the order alternating. Value = local_s / cluster_s: 1.0 means the
            cluster costs nothing over a local pool of as many workers; the floor is 0.8.""";
    private static final String APPLY_NOTE = """
            mp4j only. 2_000 applyAsync(cube, i) calls on the 2-member cluster (1 worker JVM each), then get()
            on each; the details hold Hazelcast's IExecutorService running the same lambda 2_000 times on
            the same members (round-robin submitToMember, as Callables), which ours must not be slower than.""";
    private static final String MAP_NOTE = """
            mp4j only. map(cube, range(1, 20_001)) on the 2-member cluster (1 worker JVM each), automatic
            chunk size; the details hold Hazelcast's IExecutorService running the same lambda once per item
            on the same members (round-robin submitToMember), which ours must not be slower than.""";

    /** One workload's use of the cluster. */
    @FunctionalInterface
    private interface Body {
        void run(ClusterPool pool, HazelcastInstance client) throws Exception;
    }

    private ClusterBench() {
    }

    static void runCpu(Suite suite) throws Exception {
        List<Map.Entry<Integer, Integer>> ranges = PoolCpu.ranges();
        with((cluster, client) -> Pools.with(local -> {
            int[] runIndex = {0};
            suite.bench("cluster_cpu_vs_local", "x", Better.HIGHER, CPU_NOTE, () -> {
                boolean localFirst = runIndex[0]++ % 2 == 0;
                double localSeconds = localFirst ? PoolCpu.parallel(local, ranges) : 0;
                double clusterSeconds = PoolCpu.parallel(cluster, ranges);
                if (!localFirst) {
                    localSeconds = PoolCpu.parallel(local, ranges);
                }
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("local_s", localSeconds);
                details.put("cluster_s", clusterSeconds);
                details.put("first", localFirst ? "local" : "cluster");
                return Measurement.of(localSeconds / clusterSeconds, details);
            });
        }));
    }

    static void runApplyAsync(Suite suite) throws Exception {
        with((pool, client) -> suite.bench("cluster_apply_async_tasks_per_s", "tasks/s", Better.HIGHER, APPLY_NOTE, () -> {
            BigInteger expected = CubeSum.expected(APPLY_N);
            long t0 = System.nanoTime();
            List<AsyncResult<Long>> handles = new ArrayList<>(APPLY_N);
            for (int i = 1; i <= APPLY_N; i++) {
                handles.add(pool.applyAsync(Tasks::cube, i));
            }
            CubeSum total = new CubeSum();
            for (AsyncResult<Long> handle : handles) {
                total.add(handle.get());
            }
            double ours = APPLY_N / ((System.nanoTime() - t0) / 1e9);
            check(total.value().equals(expected), "sum of cubes");
            return Measurement.of(ours, direct(client, APPLY_N, ours));
        }));
    }

    static void runMapTiny(Suite suite) throws Exception {
        with((pool, client) -> suite.bench("cluster_map_tiny_tasks_per_s", "tasks/s", Better.HIGHER, MAP_NOTE, () -> {
            long t0 = System.nanoTime();
            List<Long> out = pool.map(Tasks::cube, IntRange.of(1, MAP_N + 1));
            double ours = MAP_N / ((System.nanoTime() - t0) / 1e9);
            check(CubeSum.of(out).equals(CubeSum.expected(MAP_N)), "sum of cubes");
            return Measurement.of(ours, direct(client, MAP_N, ours));
        }));
    }

    /** The same lambdas, one Callable each, on Hazelcast's executor: the baseline ours must beat. */
    private static Map<String, Object> direct(HazelcastInstance client, int n, double ours) throws Exception {
        IExecutorService executor = client.getExecutorService(DIRECT_EXECUTOR);
        List<Member> members = new ArrayList<>(client.getCluster().getMembers());
        long t0 = System.nanoTime();
        List<Future<Long>> futures = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            int x = i;
            Callable<Long> task = (Callable<Long> & Serializable) () -> Tasks.cube(x);
            futures.add(executor.submitToMember(task, members.get(i % members.size())));
        }
        CubeSum total = new CubeSum();
        for (Future<Long> future : futures) {
            total.add(future.get());
        }
        double theirs = n / ((System.nanoTime() - t0) / 1e9);
        check(total.value().equals(CubeSum.expected(n)), "IExecutorService sum of cubes");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("hazelcast_executor_tasks_per_s", theirs);
        details.put("ours_over_hazelcast", ours / theirs);
        return details;
    }

    /** Starts the members and the client, runs the body, and stops them all, whatever happens. */
    private static void with(Body body) throws Exception {
        String clusterName = "mp4j-bench-" + UUID.randomUUID();
        int port = 25_701;
        List<String> addresses = List.of("127.0.0.1:" + port, "127.0.0.1:" + (port + 1), "127.0.0.1:" + (port + 2));
        List<ChildProcess> members = new ArrayList<>();
        HazelcastInstance client = null;
        ClusterPool pool = null;
        try {
            for (int i = 0; i < MEMBERS; i++) {
                ChildProcess member = ChildProcess.builder(ClusterBench::member, new String[] {"--cluster-name=" + clusterName,
                        "--members=" + String.join(",", addresses), "--port=" + port, "--workers=1", "--logging=none"})
                        .name("bench-member-" + i).build();
                member.start();
                members.add(member);
            }
            client = HazelcastClient.newHazelcastClient(ClusterSettings.custom().clusterName(clusterName).members(addresses)
                    .loggingType("none").build().clientConfig());
            awaitMembers(client);
            pool = ClusterPool.create(client, PoolConfig.ofDefaults());
            body.run(pool, client);
        } finally {
            if (pool != null) {
                pool.terminate();
            }
            if (client != null) {
                client.shutdown();
            }
            for (ChildProcess member : members) {
                member.terminate();
            }
            for (ChildProcess member : members) {
                if (!member.join(Duration.ofSeconds(30))) {
                    member.kill();
                    member.join();
                }
            }
        }
    }

    private static void member(String[] args) {
        ClusterMember.main(args);
    }

    private static void awaitMembers(HazelcastInstance client) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (client.getCluster().getMembers().size() < MEMBERS) {
            check(System.nanoTime() < deadline, "the bench cluster's members did not all join within 2 minutes");
            Thread.sleep(50);
        }
    }
}
