package io.github.mp4j.boot;

import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
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

    /** The name of the {@link ProcessPoolTaskExecutor} bean: {@code @Async("mpTaskExecutor")}. */
    public static final String TASK_EXECUTOR_BEAN = "mpTaskExecutor";

    @Bean
    @ConditionalOnMissingBean({ProcessPool.class, ProcessPoolLifecycle.class})
    ProcessPoolLifecycle processPoolLifecycle(MpProperties properties, ObjectProvider<PoolConfigCustomizer> customizers) {
        PoolConfig.Builder builder = PoolConfigMapper.toBuilder(properties, System.getProperty("java.class.path"));
        Duration gracePeriod = PoolConfigMapper.shutdownGracePeriod(properties);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return new ProcessPoolLifecycle(ProcessPool.create(builder.build()), gracePeriod);
    }

    /**
     * The pool as the {@code mpTaskExecutor} bean ({@code mp.task-executor.enabled=true}): Spring
     * calls {@code shutdown} on the context's close, before the pool's lifecycle stops the pool.
     */
    @Bean(name = TASK_EXECUTOR_BEAN, destroyMethod = "shutdown")
    @ConditionalOnBooleanProperty(name = "mp.task-executor.enabled")
    @ConditionalOnMissingBean(name = TASK_EXECUTOR_BEAN)
    ProcessPoolTaskExecutor mpTaskExecutor(ProcessPool pool, MpProperties properties) {
        String label = properties.getTaskExecutor().getLabel();
        try {
            return new ProcessPoolTaskExecutor(pool, CallOptions.labelled(label));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException("mp.task-executor.label", label,
                    "mp.task-executor." + e.getMessage());
        }
    }

    /** Shut down by {@link ProcessPoolLifecycle} within the grace period, not by an inferred {@code close()}. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    ProcessPool processPool(ProcessPoolLifecycle lifecycle) {
        return lifecycle.pool();
    }
}
