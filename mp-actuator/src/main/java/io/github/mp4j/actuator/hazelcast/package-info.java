/**
 * Per-member meters of the {@link io.github.mp4j.hazelcast.ClusterPool} beans
 * ({@code mp.backend=hazelcast}); only loaded when mp-hazelcast is on the class path.
 */
package io.github.mp4j.actuator.hazelcast;
