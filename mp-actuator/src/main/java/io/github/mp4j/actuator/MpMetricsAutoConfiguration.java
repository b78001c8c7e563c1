package io.github.mp4j.actuator;

import io.github.mp4j.boot.MpAutoConfiguration;
import io.github.mp4j.micrometer.ProcessPoolMetrics;
import io.github.mp4j.micrometer.ProcessPoolsMetrics;
import io.github.mp4j.micrometer.ProcessQueueMetrics;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.queue.ProcessQueue;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of meters for every {@link ProcessPool} bean
 * ({@link ProcessPoolsMetrics}: a {@link ProcessPoolMetrics} each, with the
 * {@link MpMetricsProperties mp.metrics.* properties}) and for every {@link ProcessQueue} bean
 * ({@link ProcessQueueMetrics}). Boot binds them to every meter registry.
 */
@AutoConfiguration(after = {MpAutoConfiguration.class, MetricsAutoConfiguration.class,
    CompositeMeterRegistryAutoConfiguration.class})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@EnableConfigurationProperties(MpMetricsProperties.class)
public final class MpMetricsAutoConfiguration {

    @Bean
    @ConditionalOnBean(ProcessPool.class)
    @ConditionalOnMissingBean({ProcessPoolsMetrics.class, ProcessPoolMetrics.class})
    ProcessPoolsMetrics processPoolsMetrics(Map<String, ProcessPool> pools, MpMetricsProperties properties) {
        return new ProcessPoolsMetrics(pools, properties.toOptions());
    }

    @Bean
    @ConditionalOnBean(ProcessQueue.class)
    @ConditionalOnMissingBean
    ProcessQueueMetrics processQueueMetrics(Map<String, ProcessQueue<?>> queues) {
        return new ProcessQueueMetrics(queues);
    }
}
