package io.github.mp4j.actuator;

import io.github.mp4j.boot.MpAutoConfiguration;
import io.github.mp4j.pool.ProcessPool;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the {@link ProcessPoolEndpoint}
 * ({@code /actuator/mp} once exposed, for example with
 * {@code management.endpoints.web.exposure.include=health,prometheus,mp}).
 */
@AutoConfiguration(after = MpAutoConfiguration.class)
@ConditionalOnAvailableEndpoint(ProcessPoolEndpoint.class)
public final class MpEndpointAutoConfiguration {

    @Bean
    @ConditionalOnSingleCandidate(ProcessPool.class)
    @ConditionalOnMissingBean
    ProcessPoolEndpoint processPoolEndpoint(ProcessPool pool) {
        return new ProcessPoolEndpoint(pool);
    }
}
