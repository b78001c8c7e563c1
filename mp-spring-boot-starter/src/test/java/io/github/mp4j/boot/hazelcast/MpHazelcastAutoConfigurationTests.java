package io.github.mp4j.boot.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;
import io.github.mp4j.boot.MpAutoConfiguration;
import io.github.mp4j.hazelcast.ClusterMember;
import io.github.mp4j.hazelcast.ClusterPool;
import io.github.mp4j.hazelcast.ClusterSettings;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.runtime.StartMethod;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code mp.backend}: local by default, a cluster pool with {@code hazelcast}, as a member or as a client. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MpHazelcastAutoConfigurationTests {

    private final String clusterName = "mp4j-boot-test-" + UUID.randomUUID();
    private final int port = 20_000 + ThreadLocalRandom.current().nextInt(400) * 100 + 50;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MpHazelcastAutoConfiguration.class, MpAutoConfiguration.class))
            .withPropertyValues("mp.start-method=threads", "mp.processes=1", "mp.hazelcast.cluster-name=" + clusterName,
                    "mp.hazelcast.members=127.0.0.1:" + port, "mp.hazelcast.port=" + port);

    @Test
    void theLocalPoolIsTheDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ProcessPool.class).doesNotHaveBean(ClusterPool.class);
        });
    }

    @Test
    void aMemberRunsTheWorkItSubmits() {
        runner.withPropertyValues("mp.backend=hazelcast", "mp.hazelcast.role=member").run(context -> {
            assertThat(context).hasSingleBean(ProcessPool.class);
            ProcessPool pool = context.getBean(ProcessPool.class);
            assertThat(pool).isInstanceOf(ClusterPool.class);
            assertThat(pool.map(x -> x * 2, List.of(1, 2, 3))).containsExactly(2, 4, 6);
            assertThat(((ClusterPool) pool).memberStats()).singleElement().satisfies(m -> assertThat(m.workers()).isEqualTo(1));
        });
    }

    @Test
    void aClientUsesTheApplicationsHazelcastInstance() {
        ClusterSettings settings = ClusterSettings.custom().clusterName(clusterName).members(List.of("127.0.0.1:" + port))
                .port(port).build();
        try (ClusterMember member = ClusterMember.start(settings,
                PoolConfig.custom().processes(1).startMethod(StartMethod.THREADS).build())) {
            HazelcastInstance client = HazelcastClient.newHazelcastClient(settings.clientConfig());
            try {
                runner.withPropertyValues("mp.backend=hazelcast", "mp.retries=1")
                        .withBean(HazelcastInstance.class, () -> client, bean -> bean.setDestroyMethodName(""))
                        .run(context -> {
                            ClusterPool pool = context.getBean(ClusterPool.class);
                            assertThat(pool.hazelcast()).isSameAs(client);
                            assertThat(pool.config().retries()).isEqualTo(1);
                            assertThat(pool.apply(() -> ProcessHandle.current().pid())).isEqualTo(ProcessHandle.current().pid());
                            assertThat(member.localPool().metrics().tasksCompleted()).as("the member ran it").isPositive();
                        });
                assertThat(client.getLifecycleService().isRunning()).as("the application's instance stays its own").isTrue();
            } finally {
                client.shutdown();
            }
        }
    }
}
