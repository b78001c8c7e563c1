package io.github.mp4j.boot;

import io.github.mp4j.batch.ProcessPoolBatchFactory;
import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.ProcessPool;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of Spring Batch on the pool's workers: with
 * mp-batch and Spring Batch on the class path, a {@link ProcessPool} bean and a
 * {@link JobRepository} bean, a {@link ProcessPoolBatchFactory} bean makes partition handlers,
 * item processors and writers on that pool, set by the {@link MpBatchProperties mp.batch.*
 * properties}. A factory bean of the application's own replaces it; {@code mp.batch.enabled=false}
 * turns it off. The pool's worker JVMs stop with the application, as the pool does.
 */
@AutoConfiguration(after = MpAutoConfiguration.class,
        afterName = {"org.springframework.boot.batch.autoconfigure.BatchAutoConfiguration",
                     "org.springframework.boot.batch.jdbc.autoconfigure.BatchJdbcAutoConfiguration"})
@ConditionalOnClass({ProcessPoolBatchFactory.class, JobRepository.class})
@ConditionalOnBooleanProperty(name = "mp.batch.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MpBatchProperties.class)
public final class MpBatchAutoConfiguration {

    @Bean
    @ConditionalOnBean({ProcessPool.class, JobRepository.class})
    @ConditionalOnMissingBean
    ProcessPoolBatchFactory processPoolBatchFactory(ProcessPool pool, JobRepository jobRepository, MpBatchProperties properties) {
        try {
            return new ProcessPoolBatchFactory(pool, jobRepository, properties.getGridSize(), callOptions(properties),
                    properties.getStopPollInterval());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException("mp.batch", properties.getGridSize(),
                    "mp.batch." + e.getMessage());
        }
    }

    private static CallOptions callOptions(MpBatchProperties properties) {
        CallOptions options = CallOptions.defaults();
        if (!properties.getLabel().isBlank()) {
            options = options.withLabel(properties.getLabel());
        }
        if (properties.getRetries() >= 0) {
            options = options.withRetries(properties.getRetries());
        }
        return options;
    }
}
