/**
 * Spring Boot wiring of mp-hazelcast: {@code mp.backend=hazelcast} makes the application's
 * {@link io.github.mp4j.pool.ProcessPool} a cluster pool, configured by {@code mp.hazelcast.*}.
 */
package io.github.mp4j.boot.hazelcast;
