/**
 * How a framed channel works, private to {@code transport}, one concern per class:
 * {@link io.github.mp4j.transport.internal.FrameFormat} draws the frames on the wire;
 * {@link io.github.mp4j.transport.internal.SocketLink} holds what both directions share (the
 * socket, the rings, the closed state) and turns failures into exceptions;
 * {@link io.github.mp4j.transport.internal.FrameWriter} batches frames into few system calls and
 * {@link io.github.mp4j.transport.internal.FrameReader} reads whole frames, with
 * {@link io.github.mp4j.transport.internal.ReadAhead} in front for waits with a timeout;
 * {@code RingSender} and {@code RingReceiver} are the two halves of the shared-memory protocol
 * over a {@link io.github.mp4j.transport.internal.FrameRing};
 * {@link io.github.mp4j.transport.internal.ChannelRegistry} keeps the open channels (closed at
 * exit) and the deadlines. {@code HmacSha256} serves the handshake.
 */
package io.github.mp4j.transport.internal;
