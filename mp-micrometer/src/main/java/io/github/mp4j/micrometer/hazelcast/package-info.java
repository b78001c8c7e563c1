/**
 * Meters of a {@link io.github.mp4j.hazelcast.ClusterPool} per member
 * ({@link io.github.mp4j.micrometer.hazelcast.ClusterMemberMetrics}); needs mp-hazelcast, an
 * optional dependency of mp-micrometer.
 */
package io.github.mp4j.micrometer.hazelcast;
