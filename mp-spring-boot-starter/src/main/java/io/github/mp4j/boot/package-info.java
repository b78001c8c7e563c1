/**
 * The Spring Boot starter: {@link io.github.mp4j.boot.MpAutoConfiguration} gives an application a
 * {@code ProcessPool} bean configured from {@code mp.*} properties ({@link io.github.mp4j.boot.MpProperties}),
 * shut down in order with the application context, and lets beans adjust its configuration
 * ({@link io.github.mp4j.boot.PoolConfigCustomizer}).
 */
package io.github.mp4j.boot;
