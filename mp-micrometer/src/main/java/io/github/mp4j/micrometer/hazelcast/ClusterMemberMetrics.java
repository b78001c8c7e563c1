package io.github.mp4j.micrometer.hazelcast;

import io.github.mp4j.hazelcast.ClusterPool;
import io.github.mp4j.micrometer.MpMeterNames;
import io.github.mp4j.micrometer.ProcessPoolMetrics;
import io.github.mp4j.pool.PoolEvent;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Binds a {@link ClusterPool}'s per-member view ({@link ClusterPool#memberStats()}) as meters
 * tagged with the pool's name and the member ({@value #MEMBER_TAG}: its address and pid, as
 * {@link ClusterPool.MemberStats#member()} says). The pool as a whole is measured by
 * {@link ProcessPoolMetrics}, as a local pool is; these meters split its workers and tasks by
 * member, under names of their own (a registry such as Prometheus wants one set of tag keys per
 * name):
 *
 * <pre>
 *   mp.cluster.member.workers          gauge    workers of the member's local pool
 *   mp.cluster.member.chunks.running   gauge    chunks of this pool the member holds now
 *   mp.cluster.member.tasks.completed  counter  tasks of this pool it finished successfully
 *   mp.cluster.member.tasks.failed     counter  tasks of this pool that failed on it
 * </pre>
 *
 * <pre>{@code
 * new ProcessPoolMetrics(clusterPool).bindTo(registry);
 * new ClusterMemberMetrics(clusterPool).bindTo(registry);
 * }</pre>
 *
 * <p>A member's meters appear when it joins (the pool's {@link PoolEvent.WorkerStarted} event) and
 * are removed from the registry when it leaves, so a cluster whose members come and go does not
 * accumulate meters. {@link #close()} stops following the members; the meters stay.
 */
public final class ClusterMemberMetrics implements MeterBinder, AutoCloseable {

    /** Tag holding the member: its address and pid. */
    public static final String MEMBER_TAG = "member";
    /** Gauge: workers of the member's local pool. */
    public static final String MEMBER_WORKERS = "mp.cluster.member.workers";
    /** Gauge: chunks of the pool the member holds now. */
    public static final String MEMBER_CHUNKS_RUNNING = "mp.cluster.member.chunks.running";
    /** Counter: tasks of the pool the member finished successfully. */
    public static final String MEMBER_TASKS_COMPLETED = "mp.cluster.member.tasks.completed";
    /** Counter: tasks of the pool that failed on the member. */
    public static final String MEMBER_TASKS_FAILED = "mp.cluster.member.tasks.failed";
    /** Every meter bound per member. */
    public static final List<String> MEMBER_METERS = List.of(MEMBER_WORKERS, MEMBER_CHUNKS_RUNNING, MEMBER_TASKS_COMPLETED,
            MEMBER_TASKS_FAILED);

    private final ClusterPool pool;
    private final String poolTag;
    private final List<Registration> registrations = new CopyOnWriteArrayList<>();

    /** @param pool the pool to measure, tagged with its name */
    public ClusterMemberMetrics(ClusterPool pool) {
        this(pool, pool.config().name());
    }

    /**
     * @param pool the pool to measure
     * @param poolTag the value of its meters' {@value MpMeterNames#POOL_TAG} tag
     */
    public ClusterMemberMetrics(ClusterPool pool, String poolTag) {
        this.pool = pool;
        this.poolTag = poolTag;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Registration registration = new Registration(registry);
        registrations.add(registration);
        pool.addListener(registration);
        registration.sync();
    }

    /** Stops following the members in every registry bound to; the meters registered stay. */
    @Override
    public void close() {
        for (Registration registration : registrations) {
            pool.removeListener(registration);
        }
        registrations.clear();
    }

    /** The last known figures of a member, read from the pool at each publication. */
    private final class MemberView {
        private final String member;
        private ClusterPool.MemberStats last;

        MemberView(ClusterPool.MemberStats stats) {
            this.member = stats.member();
            this.last = stats;
        }

        /** A counter must not go back when the member has just left: it keeps its last figures. */
        synchronized ClusterPool.MemberStats stats() {
            for (ClusterPool.MemberStats stats : pool.memberStats()) {
                if (stats.member().equals(member)) {
                    last = stats;
                }
            }
            return last;
        }
    }

    /** One registry's member meters, kept in step with the members by the pool's events. */
    private final class Registration implements Consumer<PoolEvent> {
        private final MeterRegistry registry;
        private final Map<String, List<Meter>> meters = new HashMap<>();
        /** Micrometer holds a meter's state object weakly: the views live here as long as their meters. */
        private final Map<String, MemberView> views = new HashMap<>();

        Registration(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void accept(PoolEvent event) {
            if (event instanceof PoolEvent.WorkerStarted || event instanceof PoolEvent.WorkerExited) {
                sync();
            }
        }

        /** Registers the meters of members that joined, removes those of members that left. */
        synchronized void sync() {
            Set<String> present = new HashSet<>();
            for (ClusterPool.MemberStats stats : pool.memberStats()) {
                present.add(stats.member());
                meters.computeIfAbsent(stats.member(), member -> register(views.computeIfAbsent(member, m -> new MemberView(stats))));
            }
            for (String member : new ArrayList<>(meters.keySet())) {
                if (!present.contains(member)) {
                    meters.remove(member).forEach(registry::remove);
                    views.remove(member);
                }
            }
        }

        private List<Meter> register(MemberView view) {
            Tags tags = Tags.of(MpMeterNames.POOL_TAG, poolTag, MEMBER_TAG, view.member);
            return List.of(
                    gauge(MEMBER_WORKERS, "Workers of the member's local pool", view, tags, s -> s.workers()),
                    gauge(MEMBER_CHUNKS_RUNNING, "Chunks of the pool the member holds now", view, tags, s -> s.chunksRunning()),
                    counter(MEMBER_TASKS_COMPLETED, "Tasks of the pool the member finished successfully", view, tags,
                            s -> s.tasksDone()),
                    counter(MEMBER_TASKS_FAILED, "Tasks of the pool that failed on the member", view, tags, s -> s.tasksFailed()));
        }

        private Meter gauge(String name, String description, MemberView view, Tags tags,
                            ToDoubleFunction<ClusterPool.MemberStats> value) {
            return Gauge.builder(name, view, v -> value.applyAsDouble(v.stats())).description(description).tags(tags)
                    .register(registry);
        }

        private Meter counter(String name, String description, MemberView view, Tags tags,
                              ToDoubleFunction<ClusterPool.MemberStats> value) {
            return FunctionCounter.builder(name, view, v -> value.applyAsDouble(v.stats())).description(description).tags(tags)
                    .register(registry);
        }
    }
}
