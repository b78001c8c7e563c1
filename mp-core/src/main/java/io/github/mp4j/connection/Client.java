package io.github.mp4j.connection;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.connection.internal.SocketConnection;
import io.github.mp4j.transport.FramedChannel;
import io.github.mp4j.transport.Handshake;

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
     * @throws MpInterruptedException if the thread was interrupted during the handshake
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
        FramedChannel framed = FramedChannel.connect(address, options.maxFrameBytes());
        try {
            Handshake.asClient(framed, key, options);
        } catch (RuntimeException e) {
            framed.close("authentication failed");
            if (e instanceof MpInterruptedException
                    || e instanceof ConnectionException && Thread.currentThread().isInterrupted()) {
                // the interrupt closed the socket mid-handshake: not a refused key
                throw new MpInterruptedException("the handshake with " + address, e);
            }
            throw e;
        }
        return new SocketConnection(framed, true, true);
    }
}
