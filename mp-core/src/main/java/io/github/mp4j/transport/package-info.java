/**
 * The transport, mp4j's own service provider interface: what the concepts above it
 * ({@code connection}, {@code queue}, {@code process}, {@code pool}) share below their public API.
 * {@link io.github.mp4j.transport.FramedChannel} carries length-prefixed frames over a socket
 * (large ones through shared memory between processes of one machine),
 * {@link io.github.mp4j.transport.Handshake} authenticates its peer, and
 * {@link io.github.mp4j.transport.ObjectServer} lets other processes reach the objects this one
 * owns. Public for mp4j's concepts, not for applications; the implementation is in
 * {@code transport.internal}.
 */
package io.github.mp4j.transport;
