/**
 * Connections: framed, authenticated message channels between two processes, as CPython's
 * {@code multiprocessing.connection}. {@link io.github.mp4j.connection.Pipe} gives the two ends of
 * a pipe, {@link io.github.mp4j.connection.Listener} and {@link io.github.mp4j.connection.Client}
 * accept and open connections at an {@link io.github.mp4j.connection.Address} (a Unix domain
 * socket, or TCP for another machine) after an HMAC challenge with the auth key, and
 * {@link io.github.mp4j.connection.Connections#waitFor} waits on several at once. Nothing a peer
 * sends is decoded before it has proved it knows the key.
 */
package io.github.mp4j.connection;
