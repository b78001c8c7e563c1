/**
 * A batch service on mp4j's Spring Boot starter: jobs submitted over REST run on the injected
 * {@link io.github.mp4j.pool.ProcessPool}, with progress, streamed results, a web page and the
 * pool's meters on {@code /actuator/prometheus}. Without {@code demo.mode=service} it runs one
 * job, prints its result and exits.
 */
package io.github.mp4j.demo;
