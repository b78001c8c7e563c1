package io.github.mp4j.boot;

import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of a {@link ProcessPool} from the
 * {@link MpProperties mp.* properties} and any {@link PoolConfigCustomizer} beans. A
 * {@code ProcessPool} bean of the application's own replaces it; {@code mp.enabled=false} turns it
 * off. The pool's workers start with the context and stop with it ({@link ProcessPoolLifecycle}).
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "mp.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MpProperties.class)
public final class MpAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean({ProcessPool.class, ProcessPoolLifecycle.class})
    ProcessPoolLifecycle processPoolLifecycle(MpProperties properties, ObjectProvider<PoolConfigCustomizer> customizers) {
        PoolConfig.Builder builder = PoolConfigMapper.toBuilder(properties, System.getProperty("java.class.path"));
        Duration gracePeriod = PoolConfigMapper.shutdownGracePeriod(properties);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return new ProcessPoolLifecycle(ProcessPool.create(builder.build()), gracePeriod);
    }

    /** Shut down by {@link ProcessPoolLifecycle} within the grace period, not by an inferred {@code close()}. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    ProcessPool processPool(ProcessPoolLifecycle lifecycle) {
        return lifecycle.pool();
    }
}
