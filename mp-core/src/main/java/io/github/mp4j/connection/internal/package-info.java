/**
 * How connections work, private to {@code connection}: {@link io.github.mp4j.connection.internal.SocketConnection}
 * puts the {@code Connection} API over a transport framed channel, and a pipe's two ends
 * ({@link io.github.mp4j.connection.internal.PipeEnd}) find each other lazily, in whichever
 * processes use them, through the {@link io.github.mp4j.connection.internal.PipeRendezvous} kept
 * by the process that created the pipe.
 */
package io.github.mp4j.connection.internal;
