package io.github.mp4j.boot.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;
import io.github.mp4j.boot.MpAutoConfiguration;
import io.github.mp4j.boot.MpProperties;
import io.github.mp4j.hazelcast.ClusterMember;
import io.github.mp4j.hazelcast.ClusterPool;
import io.github.mp4j.hazelcast.ClusterSettings;
import io.github.mp4j.pool.PoolConfig;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * With {@code mp.backend=hazelcast}, the application's {@link io.github.mp4j.pool.ProcessPool} is a
 * {@link ClusterPool} (the local pool of {@link MpAutoConfiguration} is then not made). As a
 * {@code client} (the default) it uses the application's {@link HazelcastInstance} bean when there
 * is one (Spring Boot's Hazelcast support makes one from {@code hazelcast.yaml} or
 * {@code hazelcast-client.yaml}), else connects a client to {@code mp.hazelcast.members}. As a
 * {@code member} it starts a {@link ClusterMember} whose local pool has {@code mp.processes}
 * workers started with {@code mp.start-method}, and submits through it. The pool's retries,
 * read-ahead, chunk size and task timeout come from {@code mp.*} as for a local pool.
 */
@AutoConfiguration(before = MpAutoConfiguration.class,
        afterName = "org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration")
@ConditionalOnClass({ClusterPool.class, HazelcastInstance.class})
@ConditionalOnBooleanProperty(name = "mp.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "mp.backend", havingValue = "hazelcast")
@EnableConfigurationProperties({MpProperties.class, MpHazelcastProperties.class})
public final class MpHazelcastAutoConfiguration {

    /** What the cluster pool owns, stopped with the context: its member or client, if it made one. */
    static final class ClusterBackend implements DisposableBean {

        private final ClusterPool pool;
        private final ClusterMember member;
        private final HazelcastInstance ownClient;
        private final java.time.Duration gracePeriod;

        ClusterBackend(ClusterPool pool, ClusterMember member, HazelcastInstance ownClient, java.time.Duration gracePeriod) {
            this.pool = pool;
            this.member = member;
            this.ownClient = ownClient;
            this.gracePeriod = gracePeriod;
        }

        ClusterPool pool() {
            return pool;
        }

        @Override
        public void destroy() {
            pool.shutdown();
            if (!pool.join(gracePeriod)) {
                pool.terminate();
            }
            if (member != null) {
                member.close();
            }
            if (ownClient != null && ownClient.getLifecycleService().isRunning()) {
                ownClient.shutdown();
            }
        }
    }

    @Bean
    @ConditionalOnMissingBean
    ClusterBackend mpClusterBackend(MpProperties mp, MpHazelcastProperties properties, ObjectProvider<HazelcastInstance> instances) {
        PoolConfig poolConfig = poolConfig(mp);
        ClusterSettings settings = settings(properties);
        HazelcastInstance existing = instances.getIfUnique();
        if (properties.getRole() == MpHazelcastProperties.Role.MEMBER) {
            if (existing != null) {
                throw new InvalidConfigurationPropertyValueException("mp.hazelcast.role", "member",
                        "the application has a HazelcastInstance bean already; a member needs its configuration prepared"
                                + " with ClusterMember.prepare(config, pool) before it starts, so use role 'client' with that bean"
                                + " and start members with ClusterMember");
            }
            PoolConfig local = PoolConfig.custom().name(mp.getName() + "-member").processes(mp.getProcesses())
                    .startMethod(mp.getStartMethod()).build();
            ClusterMember member = ClusterMember.start(settings, local);
            return new ClusterBackend(ClusterPool.create(member.hazelcast(), poolConfig), member, null, mp.getShutdownGracePeriod());
        }
        if (existing != null) {
            return new ClusterBackend(ClusterPool.create(existing, poolConfig), null, null, mp.getShutdownGracePeriod());
        }
        HazelcastInstance client = HazelcastClient.newHazelcastClient(settings.clientConfig());
        return new ClusterBackend(ClusterPool.create(client, poolConfig), null, client, mp.getShutdownGracePeriod());
    }

    /** Stopped by {@link ClusterBackend} within the grace period, not by an inferred {@code close()}. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(io.github.mp4j.pool.ProcessPool.class)
    ClusterPool processPool(ClusterBackend backend) {
        return backend.pool();
    }

    private static PoolConfig poolConfig(MpProperties mp) {
        return PoolConfig.custom().name(mp.getName()).chunkSize(mp.getChunkSize()).taskTimeout(mp.getTaskTimeout())
                .retries(mp.getRetries()).readAhead(mp.getReadAhead()).build();
    }

    private static ClusterSettings settings(MpHazelcastProperties properties) {
        try {
            return ClusterSettings.custom().clusterName(properties.getClusterName()).members(properties.getMembers())
                    .port(properties.getPort()).bindAddress(properties.getBindAddress())
                    .failureDetection(properties.getFailureDetection()).build();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException("mp.hazelcast", properties.getClusterName(),
                    "mp.hazelcast." + e.getMessage());
        }
    }
}
