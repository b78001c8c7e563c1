package io.github.mp4j.connection;

import io.github.mp4j.connection.internal.FramedChannel;
import io.github.mp4j.connection.internal.Handshake;
import io.github.mp4j.connection.internal.SocketConnection;
import java.io.IOException;
import java.nio.channels.SocketChannel;

/** Connects to a {@link Listener} and authenticates (Python's {@code Client}). */
public final class Client {

    private Client() {
    }

    /**
     * @param address the listener's address
     * @param authKey the key the listener uses
     * @return the authenticated connection
     * @throws AuthenticationException if the keys differ
     * @throws ConnectionException if nothing listens there
     */
    public static Connection connect(Address address, byte[] authKey) {
        return connect(address, authKey, ConnectionOptions.DEFAULT);
    }

    /**
     * @param address the listener's address
     * @param authKey the key the listener uses
     * @param options limits for this connection
     * @return the authenticated connection
     */
    public static Connection connect(Address address, byte[] authKey, ConnectionOptions options) {
        byte[] key = Listener.requireKey(authKey);
        FramedChannel framed = new FramedChannel(open(address), options.maxFrameBytes());
        try {
            Handshake.asClient(framed, key, options);
        } catch (RuntimeException e) {
            framed.close("authentication failed");
            throw e;
        }
        return new SocketConnection(framed, true, true);
    }

    /**
     * Opens a plain socket to an address, without authenticating.
     *
     * @param address where to connect
     * @return the connected channel
     */
    public static SocketChannel open(Address address) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(address.family());
            channel.connect(address.socketAddress());
            return channel;
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            throw new ConnectionException("cannot connect to " + address + ": " + e.getMessage()
                    + " (is a listener running there, and is it reachable?)", e);
        }
    }
}
