package io.github.mp4j.micrometer.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.hazelcast.ClusterMember;
import io.github.mp4j.hazelcast.ClusterPool;
import io.github.mp4j.hazelcast.ClusterSettings;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.PoolEvent;
import io.github.mp4j.runtime.StartMethod;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-member meters of a cluster pool over two real Hazelcast members (in this JVM, thread
 * workers): tagged with each member, there for a member that joins after binding, gone once it
 * leaves.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterMemberMetricsTest {

    @Test
    void eachMemberHasItsMetersWhileItIsInTheCluster() throws Exception {
        int port = 20_000 + ThreadLocalRandom.current().nextInt(400) * 100 + 90;
        ClusterSettings settings = ClusterSettings.custom().clusterName("mp4j-member-meters-" + UUID.randomUUID())
                .members(List.of("127.0.0.1:" + port, "127.0.0.1:" + (port + 1))).port(port).loggingType("none").build();
        PoolConfig threads = PoolConfig.custom().processes(1).startMethod(StartMethod.THREADS).build();
        MeterRegistry registry = new SimpleMeterRegistry();
        try (ClusterMember first = ClusterMember.start(settings, threads);
             ClusterPool pool = ClusterPool.create(first.hazelcast(), PoolConfig.custom().name("grid").build());
             ClusterMemberMetrics metrics = new ClusterMemberMetrics(pool)) {
            metrics.bindTo(registry);
            String firstName = pool.memberStats().get(0).member();
            assertThat(registry.get(ClusterMemberMetrics.MEMBER_WORKERS).tag("pool", "grid").tag("member", firstName).gauge().value())
                    .isEqualTo(1);

            CompletableFuture<Void> joined = new CompletableFuture<>();
            CompletableFuture<Void> left = new CompletableFuture<>();
            pool.addListener(event -> {
                if (event instanceof PoolEvent.WorkerStarted) {
                    joined.complete(null);
                } else if (event instanceof PoolEvent.WorkerExited) {
                    left.complete(null);
                }
            });
            String secondName;
            try (ClusterMember second = ClusterMember.start(settings, threads)) {
                joined.get(60, TimeUnit.SECONDS);
                assertThat(second.hazelcast().getCluster().getMembers()).hasSize(2);
                secondName = pool.memberStats().stream().map(ClusterPool.MemberStats::member).filter(m -> !m.equals(firstName))
                        .findFirst().orElseThrow();
                pool.map(x -> x * 2, IntStream.range(0, 200).boxed().toList(), 1);

                double done = 0;
                for (String member : List.of(firstName, secondName)) {
                    done += registry.get(ClusterMemberMetrics.MEMBER_TASKS_COMPLETED).tag("member", member).functionCounter().count();
                    assertThat(registry.find(ClusterMemberMetrics.MEMBER_CHUNKS_RUNNING).tag("member", member).gauge()).isNotNull();
                    assertThat(registry.find(ClusterMemberMetrics.MEMBER_TASKS_FAILED).tag("member", member).functionCounter())
                            .isNotNull();
                }
                assertThat(done).as("the tasks, counted once across the members").isEqualTo(200);
            }
            left.get(60, TimeUnit.SECONDS);
            assertThat(registry.find(ClusterMemberMetrics.MEMBER_WORKERS).tag("member", secondName).meters())
                    .as("the meters of the member that left").isEmpty();
            assertThat(registry.find(ClusterMemberMetrics.MEMBER_WORKERS).tag("member", firstName).meters()).hasSize(1);
        }
    }
}
