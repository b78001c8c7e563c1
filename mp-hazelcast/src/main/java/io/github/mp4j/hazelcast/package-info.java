/**
 * Scale-out: mp4j's {@link io.github.mp4j.pool.ProcessPool}, queues and shared objects on a
 * Hazelcast cluster, each member running the chunks it receives in a local mp4j pool of its own.
 */
package io.github.mp4j.hazelcast;
