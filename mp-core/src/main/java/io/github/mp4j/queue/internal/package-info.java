/**
 * How queues work, private to {@code queue}: the owner's items and the service other processes
 * call ({@link io.github.mp4j.queue.internal.QueueState}), a process's handle and the two
 * backends behind it (local, or {@link io.github.mp4j.queue.internal.RemoteQueue} over a framed
 * channel), the feeder thread that streams puts in order, and the queue's wire messages
 * ({@link io.github.mp4j.queue.internal.QueueProtocol}).
 */
package io.github.mp4j.queue.internal;
