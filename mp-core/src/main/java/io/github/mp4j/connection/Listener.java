package io.github.mp4j.connection;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.connection.internal.SocketConnection;
import io.github.mp4j.resource.RuntimeDirectory;
import io.github.mp4j.transport.FramedChannel;
import io.github.mp4j.transport.Handshake;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

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
 * before {@link #accept()} returns it. A peer that fails it is disconnected and reported by
 * {@code accept} as an {@link AuthenticationException}, like CPython's {@code AuthenticationError};
 * the listener keeps listening. A server loop therefore runs until the listener is closed:
 *
 * <pre>{@code
 * while (!listener.isClosed()) {
 *     try (Connection conn = listener.accept()) {
 *         serve(conn);
 *     } catch (AuthenticationException e) {
 *         log.warn("refused a peer: {}", e.getMessage());   // the next peer is still served
 *     } catch (ConnectionClosedException e) {
 *         // the listener was closed; a served peer may also hang up
 *     }
 * }
 * }</pre>
 *
 * Interrupting the thread ends such a loop: a waiting {@code accept} throws
 * {@link io.github.mp4j.MpInterruptedException}, and the listener keeps listening.
 *
 * A Unix socket file is deleted when the listener closes.
 *
 * <p>From the first {@code accept} on, a thread accepts peers and authenticates each on a thread
 * of its own, so a peer that connects and then says nothing (for up to the handshake timeout)
 * does not hold up the peers behind it: {@code accept} returns peers in the order they finished
 * the handshake. At most {@value #MAX_PENDING} peers are accepted ahead of the calls to
 * {@code accept}; further ones wait in the operating system's backlog.
 */
public final class Listener implements AutoCloseable {

    /** Peers accepted (and being, or done being, authenticated) ahead of the calls to {@link #accept()}. */
    static final int MAX_PENDING = 64;
    private static final Object CLOSED = new Object();
    private static final Executor HANDSHAKES = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "mp4j-listener-handshake");
        thread.setDaemon(true);
        return thread;
    });

    private final Semaphore room = new Semaphore(MAX_PENDING);
    /** Authenticated connections, failures to throw from accept, and {@link #CLOSED} at the end. */
    private final BlockingQueue<Object> ready = new LinkedBlockingQueue<>();
    private boolean acceptorStarted;
    private volatile boolean closed;
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
     * Waits for the next authenticated peer.
     *
     * @return the connection to the peer
     * @throws AuthenticationException if a peer failed the handshake: it used another key, sent
     *     something other than the mp4j handshake (random bytes, an HTTP request, an oversized
     *     frame), said nothing within the handshake timeout, or hung up before the handshake was
     *     over. That peer has been disconnected and nothing it sent was decoded; the listener is
     *     not affected: call {@code accept} again for the next peer
     * @throws ConnectionClosedException only if the listener was closed ({@link #isClosed()} then
     *     says so)
     * @throws MpInterruptedException if the calling thread was interrupted before or while
     *     waiting; the listener is not affected, and a peer accepted meanwhile waits for the next call
     * @throws ConnectionException if the operating system failed to accept a peer (out of file
     *     descriptors, say); the listener keeps listening
     */
    public Connection accept() {
        startAcceptor();
        Object next;
        try {
            next = ready.take();
        } catch (InterruptedException e) {
            throw new MpInterruptedException("a peer on " + address, e);
        }
        if (next == CLOSED) {
            ready.add(CLOSED);
            throw new ConnectionClosedException("the listener on " + address + " is closed");
        }
        room.release();
        if (next instanceof RuntimeException failure) {
            throw failure;
        }
        return (Connection) next;
    }

    private synchronized void startAcceptor() {
        if (closed) {
            throw new ConnectionClosedException("the listener on " + address + " is closed");
        }
        if (!acceptorStarted) {
            acceptorStarted = true;
            Thread acceptor = new Thread(this::acceptLoop, "mp4j-listener-" + address);
            acceptor.setDaemon(true);
            acceptor.start();
        }
    }

    private void acceptLoop() {
        while (true) {
            room.acquireUninterruptibly();
            if (closed) {
                break;
            }
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                ready.add(new ConnectionException("cannot accept on " + address + ": " + e.getMessage(), e));
                continue;
            }
            HANDSHAKES.execute(() -> authenticate(channel));
        }
        ready.add(CLOSED);
    }

    private void authenticate(SocketChannel channel) {
        FramedChannel framed = null;
        Object outcome;
        try {
            framed = new FramedChannel(channel, options.maxFrameBytes());
            Handshake.asListener(framed, authKey, options);
            outcome = new SocketConnection(framed, true, true);
        } catch (RuntimeException e) {
            if (framed != null) {
                framed.close("authentication failed");
            } else {
                closeQuietly(channel);
            }
            outcome = e instanceof AuthenticationException ? e : new AuthenticationException("a peer on " + address
                    + " failed the handshake and was disconnected (" + e.getMessage() + "); the listener goes on", e);
        }
        ready.add(outcome);
        if (closed) {
            drain();
        }
    }

    /** @return the address peers connect to (with the real port when bound to port 0) */
    public Address address() {
        return address;
    }

    /** @return whether {@link #close()} was called: {@link #accept()} then throws {@link ConnectionClosedException} */
    public boolean isClosed() {
        return closed;
    }

    /** Stops listening and deletes the socket file; connections already accepted stay open. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        room.release(MAX_PENDING);
        drain();
        if (socketFile != null) {
            try {
                Files.deleteIfExists(socketFile);
            } catch (IOException e) {
                // the runtime directory's owner-pid cleanup removes it later
            }
        }
    }

    /** Closes the connections accepted but never taken; called once closed. */
    private void drain() {
        for (Object item = ready.poll(); item != null; item = ready.poll()) {
            if (item instanceof Connection connection) {
                connection.close();
            }
        }
        ready.add(CLOSED);
    }

    static byte[] requireKey(byte[] authKey) {
        if (authKey == null || authKey.length == 0) {
            throw new IllegalArgumentException("authKey must not be empty: give both ends the same secret bytes"
                    + " (at least 16 random bytes is good practice)");
        }
        return authKey.clone();
    }

    private static void closeQuietly(Channel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }
}
