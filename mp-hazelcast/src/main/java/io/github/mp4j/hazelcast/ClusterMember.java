package io.github.mp4j.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.runtime.StartMethod;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A cluster member that runs chunks: a Hazelcast member plus a local mp4j {@link ProcessPool}
 * whose workers (JVMs by default, threads on request) run the chunks {@link ClusterPool}s send it.
 * One command starts one, with the application's jar on the class path:
 *
 * <pre>{@code
 * java -cp app.jar:mp-hazelcast.jar:... io.github.mp4j.hazelcast.ClusterMember \
 *      --cluster-name=jobs --members=10.0.0.1,10.0.0.2 --workers=8
 * }</pre>
 *
 * <p>Options ({@code --name=value}): {@code cluster-name} (default {@code mp4j}), {@code members}
 * (comma-separated {@code host} or {@code host:port}, default {@code 127.0.0.1}), {@code port}
 * (default 5701, the next free one above it when taken), {@code bind} (the address to bind to
 * and announce), {@code workers} (default: the CPUs), {@code threads} (workers are threads of
 * the member instead of JVMs), {@code failure-detection-seconds} (default 10) and
 * {@code logging} ({@code jdk} or {@code none}). The member runs until it is killed or stopped
 * (SIGTERM), closing its pool and leaving the cluster on the way.
 *
 * <p>The member announces its number of workers to the cluster (member attribute
 * {@value #WORKERS_ATTRIBUTE}), so callers give it as many chunks at once as it has workers.
 */
public final class ClusterMember implements AutoCloseable {

    /** The member attribute that holds how many workers a member has. */
    public static final String WORKERS_ATTRIBUTE = "mp4j.workers";
    /** The member attribute that holds the member's process id. */
    public static final String PID_ATTRIBUTE = "mp4j.pid";
    /** Where a member keeps its local pool, in Hazelcast's user context. */
    static final String POOL_KEY = "mp4j.pool";

    private static final System.Logger LOG = System.getLogger(ClusterMember.class.getName());

    private final HazelcastInstance hazelcast;
    private final ProcessPool pool;

    private ClusterMember(HazelcastInstance hazelcast, ProcessPool pool) {
        this.hazelcast = hazelcast;
        this.pool = pool;
    }

    /**
     * Starts a local pool, then a member that joins the cluster and offers the pool's workers.
     *
     * @param settings where the cluster is
     * @param local the local pool's configuration (its {@code processes} are the member's workers)
     * @return the running member
     */
    public static ClusterMember start(ClusterSettings settings, PoolConfig local) {
        return start(settings.memberConfig(executorThreads(local.processes())), local);
    }

    /**
     * Starts a member from a Hazelcast configuration of the caller's making (for example
     * {@link ClusterSettings#memberConfig} refined further). Its executor and attributes for mp4j
     * are added to it.
     *
     * @param config the member's configuration; it is changed
     * @param local the local pool's configuration
     * @return the running member
     */
    public static ClusterMember start(Config config, PoolConfig local) {
        ProcessPool pool = ProcessPool.create(local);
        try {
            prepare(config, pool);
            return new ClusterMember(Hazelcast.newHazelcastInstance(config), pool);
        } catch (RuntimeException | Error e) {
            pool.terminate();
            throw e;
        }
    }

    /**
     * Makes a Hazelcast configuration serve chunks with {@code pool}: the pool goes in the user
     * context, the worker count and pid in the member attributes, and the chunk executor is added
     * if missing. For applications that start their Hazelcast member themselves (the Spring Boot
     * starter does).
     *
     * @param config the configuration, before the member starts; it is changed
     * @param pool the pool that runs the chunks this member receives
     */
    public static void prepare(Config config, ProcessPool pool) {
        config.getUserContext().put(POOL_KEY, pool);
        config.getMemberAttributeConfig().setAttribute(WORKERS_ATTRIBUTE, Integer.toString(pool.config().processes()));
        config.getMemberAttributeConfig().setAttribute(PID_ATTRIBUTE, Long.toString(ProcessHandle.current().pid()));
        if (!config.getExecutorConfigs().containsKey(ClusterSettings.EXECUTOR_NAME)) {
            config.getExecutorConfig(ClusterSettings.EXECUTOR_NAME).setPoolSize(executorThreads(pool.config().processes()));
        }
    }

    /** @return the Hazelcast member */
    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /** @return the pool that runs this member's chunks */
    public ProcessPool localPool() {
        return pool;
    }

    /** Leaves the cluster (chunks it still runs fail over to others) and closes the local pool. */
    @Override
    public void close() {
        try {
            hazelcast.shutdown();
        } finally {
            pool.terminate();
            pool.join(Duration.ofSeconds(30));
        }
    }

    /**
     * Starts a member with the options the class description lists and runs until stopped.
     *
     * @param args {@code --name=value} options
     */
    public static void main(String[] args) {
        Map<String, String> options = parse(args);
        ClusterSettings.Builder settings = ClusterSettings.custom()
                .clusterName(options.getOrDefault("cluster-name", ClusterSettings.DEFAULT_CLUSTER_NAME))
                .members(Arrays.asList(options.getOrDefault("members", "127.0.0.1").split(",")))
                .port(Integer.parseInt(options.getOrDefault("port", Integer.toString(ClusterSettings.DEFAULT_PORT))))
                .bindAddress(options.get("bind"))
                .failureDetection(Duration.ofSeconds(Long.parseLong(options.getOrDefault("failure-detection-seconds", "10"))))
                .loggingType(options.getOrDefault("logging", "jdk"));
        PoolConfig.Builder local = PoolConfig.custom().name("member")
                .processes(Integer.parseInt(options.getOrDefault("workers", Integer.toString(PoolConfig.DEFAULT_PROCESSES))));
        if (options.containsKey("threads")) {
            local.startMethod(StartMethod.THREADS);
        }
        ClusterMember member = start(settings.build(), local.build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            member.close();
            stopped.countDown();
        }, "mp4j-member-shutdown"));
        LOG.log(System.Logger.Level.INFO, "mp4j member {0} serves {1} workers in cluster {2}",
                describe(member.hazelcast.getCluster().getLocalMember()), member.pool.config().processes(),
                member.hazelcast.getConfig().getClusterName());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        List<String> known = List.of("cluster-name", "members", "port", "bind", "workers", "threads",
                "failure-detection-seconds", "logging");
        for (String arg : args) {
            String[] parts = arg.startsWith("--") ? arg.substring(2).split("=", 2) : new String[] {arg};
            if (!arg.startsWith("--") || !known.contains(parts[0])) {
                throw new IllegalArgumentException("unknown option '" + arg + "': use --name=value with name one of " + known);
            }
            options.put(parts[0], parts.length > 1 ? parts[1] : "true");
        }
        return options;
    }

    /**
     * Executor threads wait for the local pool: enough for the messages of several callers, each
     * with up to {@link MemberSlot#maxMessages()} on their way to the member.
     */
    static int executorThreads(int workers) {
        return Math.max(16, 16 * workers);
    }

    /**
     * @param member a cluster member
     * @return how messages name it: its address and, for an mp4j member, its pid
     */
    static String describe(Member member) {
        String pid = member.getAttribute(PID_ATTRIBUTE);
        return member.getAddress() + (pid == null ? "" : " (pid " + pid + ")");
    }
}
