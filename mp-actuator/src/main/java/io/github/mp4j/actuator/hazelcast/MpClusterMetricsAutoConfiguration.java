package io.github.mp4j.actuator.hazelcast;

import io.github.mp4j.actuator.MpMetricsAutoConfiguration;
import io.github.mp4j.hazelcast.ClusterPool;
import io.github.mp4j.micrometer.hazelcast.ClusterMemberMetrics;
import io.github.mp4j.pool.ProcessPool;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of per-member meters for every
 * {@link ClusterPool} bean ({@code mp.backend=hazelcast}): a {@link ClusterMemberMetrics} each,
 * tagged {@code pool} as {@link MpMetricsAutoConfiguration} tags the pool's own meters, and
 * {@code member}. Boot binds them to every meter registry.
 */
@AutoConfiguration(after = MpMetricsAutoConfiguration.class,
        afterName = "io.github.mp4j.boot.hazelcast.MpHazelcastAutoConfiguration")
@ConditionalOnClass({MeterRegistry.class, ClusterPool.class})
@ConditionalOnBean(MeterRegistry.class)
public final class MpClusterMetricsAutoConfiguration {

    /** The member meters of every cluster pool of the context. */
    public static final class ClusterPoolsMemberMetrics implements MeterBinder, AutoCloseable {

        private final List<ClusterMemberMetrics> binders = new ArrayList<>();

        /**
         * @param pools every pool of the context by bean name; the cluster pools among them are
         *     measured, tagged as {@code ProcessPoolsMetrics} tags them (their name, or their bean
         *     name when another pool has that name already)
         */
        public ClusterPoolsMemberMetrics(Map<String, ProcessPool> pools) {
            Set<String> tags = new HashSet<>();
            pools.forEach((beanName, pool) -> {
                String tag = tags.add(pool.config().name()) ? pool.config().name() : beanName;
                tags.add(tag);
                if (pool instanceof ClusterPool cluster) {
                    binders.add(new ClusterMemberMetrics(cluster, tag));
                }
            });
        }

        @Override
        public void bindTo(MeterRegistry registry) {
            for (ClusterMemberMetrics binder : binders) {
                binder.bindTo(registry);
            }
        }

        @Override
        public void close() {
            for (ClusterMemberMetrics binder : binders) {
                binder.close();
            }
        }
    }

    @Bean
    @ConditionalOnBean(ClusterPool.class)
    @ConditionalOnMissingBean
    ClusterPoolsMemberMetrics clusterPoolsMemberMetrics(Map<String, ProcessPool> pools) {
        return new ClusterPoolsMemberMetrics(pools);
    }
}
