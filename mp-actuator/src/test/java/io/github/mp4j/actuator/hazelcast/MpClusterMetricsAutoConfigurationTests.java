package io.github.mp4j.actuator.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.actuator.MpMetricsAutoConfiguration;
import io.github.mp4j.boot.MpAutoConfiguration;
import io.github.mp4j.boot.hazelcast.MpHazelcastAutoConfiguration;
import io.github.mp4j.hazelcast.ClusterPool;
import io.github.mp4j.micrometer.hazelcast.ClusterMemberMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** With {@code mp.backend=hazelcast}, the cluster pool's meters come tagged by member too. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MpClusterMetricsAutoConfigurationTests {

    private final int port = 20_000 + ThreadLocalRandom.current().nextInt(400) * 100 + 70;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MpHazelcastAutoConfiguration.class, MpAutoConfiguration.class,
                    MetricsAutoConfiguration.class, MpMetricsAutoConfiguration.class, MpClusterMetricsAutoConfiguration.class))
            .withBean(SimpleMeterRegistry.class)
            .withPropertyValues("mp.start-method=threads", "mp.processes=2", "mp.name=jobs",
                    "mp.hazelcast.cluster-name=mp4j-metrics-test-" + UUID.randomUUID(),
                    "mp.hazelcast.members=127.0.0.1:" + port, "mp.hazelcast.port=" + port);

    @Test
    void aMembersMetersAreTaggedWithThePoolAndTheMember() {
        runner.withPropertyValues("mp.backend=hazelcast", "mp.hazelcast.role=member").run(context -> {
            ClusterPool pool = context.getBean(ClusterPool.class);
            pool.map(x -> x + 1, IntStream.range(0, 40).boxed().toList());
            String member = pool.memberStats().get(0).member();
            MeterRegistry registry = context.getBean(MeterRegistry.class);

            for (String name : ClusterMemberMetrics.MEMBER_METERS) {
                assertThat(registry.find(name).tag("pool", "jobs").tag("member", member).meters()).as(name).hasSize(1);
            }
            assertThat(registry.get("mp.cluster.member.tasks.completed").tag("member", member).functionCounter().count())
                    .isEqualTo(40);
            assertThat(registry.get("mp.cluster.member.workers").tag("member", member).gauge().value()).isEqualTo(2);
            assertThat(registry.get("mp.pool.tasks.completed").tag("pool", "jobs").functionCounter().count())
                    .as("the pool's own meters, untouched").isEqualTo(40);
        });
    }

    @Test
    void aLocalPoolGetsNoMemberMeters() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(MpClusterMetricsAutoConfiguration.ClusterPoolsMemberMetrics.class);
            assertThat(context.getBean(MeterRegistry.class).find("mp.cluster.member.workers").meters()).isEmpty();
        });
    }
}
