package io.github.mp4j.boot;

import io.github.mp4j.pool.PoolConfig;

/**
 * Adjusts the configuration of the auto-configured {@link io.github.mp4j.pool.ProcessPool} beyond
 * what {@code mp.*} properties express, such as an initializer. Every customizer bean is applied,
 * in {@link org.springframework.core.annotation.Order} order, after the properties.
 *
 * <pre>{@code
 * @Bean
 * PoolConfigCustomizer warmUp() {
 *     return builder -> builder.initializer(() -> Models.load());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface PoolConfigCustomizer {

    /**
     * @param builder the configuration built from the properties so far
     */
    void customize(PoolConfig.Builder builder);
}
