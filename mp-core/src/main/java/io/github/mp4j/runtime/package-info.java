/**
 * The running JVM as mp4j sees it: its identity, parent and auth key
 * ({@link io.github.mp4j.runtime.CurrentProcess}, {@link io.github.mp4j.runtime.ProcessInfo}), the
 * start method ({@link io.github.mp4j.runtime.StartMethod}), the label of the pool call a thread runs
 * ({@link io.github.mp4j.runtime.CallContext}), and the one ordered sequence of
 * what mp4j does when the JVM exits ({@link io.github.mp4j.runtime.ExitSequence}).
 */
package io.github.mp4j.runtime;
