/**
 * Queues shared by any processes that hold them: {@link io.github.mp4j.queue.ProcessQueue},
 * {@link io.github.mp4j.queue.SimpleProcessQueue} and {@link io.github.mp4j.queue.JoinableProcessQueue},
 * as CPython's {@code Queue}, {@code SimpleQueue} and {@code JoinableQueue}. A queue's items live
 * in the process that created it; a handle sent to another process reaches them over the object
 * server.
 */
package io.github.mp4j.queue;
