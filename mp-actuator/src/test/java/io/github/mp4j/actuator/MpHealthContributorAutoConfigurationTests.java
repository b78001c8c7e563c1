package io.github.mp4j.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.boot.MpAutoConfiguration;
import io.github.mp4j.pool.ProcessPool;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class MpHealthContributorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MpAutoConfiguration.class, MpHealthContributorAutoConfiguration.class,
                    HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class))
            .withPropertyValues("mp.start-method=threads", "mp.processes=2");

    @Test
    void isUpWhileThePoolRunsAndDownOnceTerminated() {
        runner.run(context -> {
            HealthIndicator indicator = context.getBean(ProcessPoolHealthIndicator.class);
            Health up = indicator.health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("workersAlive", 2).containsEntry("processes", 2)
                    .containsEntry("tasksPending", 0L).containsEntry("tasksInFlight", 0L);

            context.getBean(ProcessPool.class).terminate();
            Health down = indicator.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails()).containsEntry("workersAlive", 0).containsEntry("processes", 2);
        });
    }

    @Test
    void isReportedAsMpPool() {
        runner.run(context -> assertThat(context.getBean(HealthContributorRegistry.class).getContributor("mpPool"))
                .isSameAs(context.getBean(ProcessPoolHealthIndicator.class)));
    }

    @Test
    void canBeTurnedOff() {
        runner.withPropertyValues("management.health.mp.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ProcessPoolHealthIndicator.class));
    }

    @Test
    void needsAPool() {
        runner.withPropertyValues("mp.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ProcessPoolHealthIndicator.class));
    }
}
