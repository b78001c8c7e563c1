package io.github.mp4j.connection;

import io.github.mp4j.connection.internal.FramedChannel;
import io.github.mp4j.connection.internal.Handshake;
import io.github.mp4j.connection.internal.SocketConnection;
import io.github.mp4j.resource.RuntimeDirectory;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Accepts authenticated connections on an address (Python's {@code Listener}).
 *
 * <pre>{@code
 * try (Listener listener = Listener.bind(Address.tcp("0.0.0.0", 6000), key)) {
 *     try (Connection conn = listener.accept()) {
 *         conn.send(conn.<String>recv().toUpperCase());
 *     }
 * }
 * }</pre>
 *
 * Each accepted peer must pass the {@link Handshake mutual HMAC challenge} with the same key
 * before {@link #accept()} returns it; a peer with another key is refused and the listener
 * keeps listening. A Unix socket file is deleted when the listener closes.
 */
public final class Listener implements AutoCloseable {

    private final ServerSocketChannel server;
    private final Address address;
    private final byte[] authKey;
    private final ConnectionOptions options;
    private final Path socketFile;

    private Listener(ServerSocketChannel server, Address address, byte[] authKey, ConnectionOptions options, Path socketFile) {
        this.server = server;
        this.address = address;
        this.authKey = authKey;
        this.options = options;
        this.socketFile = socketFile;
    }

    /**
     * Listens on a new Unix socket in the user's private runtime directory.
     *
     * @param authKey the key peers must know
     * @return the listener
     */
    public static Listener bind(byte[] authKey) {
        return bind(Address.unix(RuntimeDirectory.newFile("sock")), authKey, ConnectionOptions.DEFAULT);
    }

    /**
     * @param address where to listen; TCP port 0 picks a free port
     * @param authKey the key peers must know
     * @return the listener
     */
    public static Listener bind(Address address, byte[] authKey) {
        return bind(address, authKey, ConnectionOptions.DEFAULT);
    }

    /**
     * @param address where to listen; TCP port 0 picks a free port
     * @param authKey the key peers must know
     * @param options limits for accepted connections
     * @return the listener
     */
    public static Listener bind(Address address, byte[] authKey, ConnectionOptions options) {
        byte[] key = requireKey(authKey);
        ServerSocketChannel server = null;
        try {
            server = ServerSocketChannel.open(address.family());
            server.bind(address.socketAddress(), 128);
            Path file = address.family() == StandardProtocolFamily.UNIX
                    ? ((UnixDomainSocketAddress) address.socketAddress()).getPath() : null;
            return new Listener(server, Address.of(server.getLocalAddress()), key, options, file);
        } catch (IOException e) {
            closeQuietly(server);
            throw new ConnectionException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits for the next peer and authenticates it.
     *
     * @return the connection to the peer
     * @throws AuthenticationException if the peer used another key (it has been disconnected;
     *     call {@code accept} again for the next peer)
     * @throws ConnectionClosedException if the listener was closed
     */
    public Connection accept() {
        SocketChannel channel;
        try {
            channel = server.accept();
        } catch (ClosedChannelException e) {
            throw new ConnectionClosedException("the listener on " + address + " is closed", e);
        } catch (IOException e) {
            throw new ConnectionException("cannot accept on " + address + ": " + e.getMessage(), e);
        }
        FramedChannel framed = new FramedChannel(channel, options.maxFrameBytes());
        try {
            Handshake.asListener(framed, authKey, options);
        } catch (RuntimeException e) {
            framed.close("authentication failed");
            throw e;
        }
        return new SocketConnection(framed, true, true);
    }

    /** @return the address peers connect to (with the real port when bound to port 0) */
    public Address address() {
        return address;
    }

    /** Stops listening and deletes the socket file; connections already accepted stay open. */
    @Override
    public void close() {
        closeQuietly(server);
        if (socketFile != null) {
            try {
                Files.deleteIfExists(socketFile);
            } catch (IOException e) {
                // the runtime directory's owner-pid cleanup removes it later
            }
        }
    }

    static byte[] requireKey(byte[] authKey) {
        if (authKey == null || authKey.length == 0) {
            throw new IllegalArgumentException("authKey must not be empty: give both ends the same secret bytes"
                    + " (at least 16 random bytes is good practice)");
        }
        return authKey.clone();
    }

    private static void closeQuietly(ServerSocketChannel server) {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }
}
