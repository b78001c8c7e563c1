package io.github.mp4j.actuator;

import io.github.mp4j.boot.MpAutoConfiguration;
import io.github.mp4j.pool.ProcessPool;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the {@link ProcessPoolHealthIndicator},
 * reported as {@code mpPool}; {@code management.health.mp.enabled=false} turns it off.
 */
@AutoConfiguration(after = MpAutoConfiguration.class, before = HealthContributorAutoConfiguration.class)
@ConditionalOnClass(Health.class)
@ConditionalOnEnabledHealthIndicator("mp")
public final class MpHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnSingleCandidate(ProcessPool.class)
    @ConditionalOnMissingBean(name = "mpPoolHealthIndicator")
    ProcessPoolHealthIndicator mpPoolHealthIndicator(ProcessPool pool) {
        return new ProcessPoolHealthIndicator(pool);
    }
}
