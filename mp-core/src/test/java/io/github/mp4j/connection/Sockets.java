package io.github.mp4j.connection;

import io.github.mp4j.resource.Closeables;
import io.github.mp4j.resource.RuntimeDirectory;
import io.github.mp4j.transport.FramedChannel;
import io.github.mp4j.transport.Handshake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Real sockets for the connection tests: listeners on both transports, both ends of an
 * authenticated connection (the accepting end on its own thread, as a peer process would run it),
 * and raw channels that speak bytes instead of the protocol.
 */
final class Sockets {

    static final byte[] KEY = "mp4j test key: 0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER_KEY = "mp4j other key: fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

    /** How long any single step may take before the test fails instead of hanging. */
    static final Duration WAIT = Duration.ofSeconds(30);

    private Sockets() {
    }

    /** The two transports a {@link Listener} supports. */
    enum Transport {
        UNIX, TCP;

        Listener bind() {
            return bind(ConnectionOptions.DEFAULT);
        }

        Listener bind(ConnectionOptions options) {
            return this == UNIX
                    ? Listener.bind(Address.unix(RuntimeDirectory.newFile("sock")), KEY, options)
                    : Listener.bind(Address.tcp("127.0.0.1", 0), KEY, options);
        }
    }

    /** Both ends of one authenticated connection. */
    record Ends(Connection server, Connection client) implements AutoCloseable {
        @Override
        public void close() {
            Closeables.closeAll(client, server);
        }
    }

    /** The accepted end of a connection whose other end is a raw, already authenticated channel. */
    record RawEnds(Connection server, SocketChannel raw) implements AutoCloseable {

        void writeRaw(byte[] bytes) {
            Sockets.writeRaw(raw, bytes);
        }

        @Override
        public void close() throws IOException {
            try {
                raw.close();
            } finally {
                server.close();
            }
        }
    }

    static Ends connect(Listener listener) {
        return connect(listener, ConnectionOptions.DEFAULT);
    }

    /** Connects a client with {@code clientOptions} while the listener accepts on another thread. */
    static Ends connect(Listener listener, ConnectionOptions clientOptions) {
        CompletableFuture<Connection> accepted = async("accept", listener::accept);
        Connection client;
        try {
            client = Client.connect(listener.address(), KEY, clientOptions);
        } catch (RuntimeException e) {
            accepted.thenAccept(Connection::close);
            throw e;
        }
        try {
            return new Ends(await(accepted), client);
        } catch (RuntimeException | AssertionError e) {
            client.close();
            throw e;
        }
    }

    /**
     * Authenticates a raw channel with the real handshake, so the test can then write bytes that
     * no {@link Connection} would send.
     */
    static RawEnds connectRaw(Listener listener) {
        CompletableFuture<Connection> accepted = async("accept", listener::accept);
        SocketChannel raw = FramedChannel.openSocket(listener.address());
        try {
            Handshake.asClient(new FramedChannel(raw, ConnectionOptions.MAX_FRAME_BYTES_LIMIT), KEY, ConnectionOptions.DEFAULT);
            return new RawEnds(await(accepted), raw);
        } catch (RuntimeException | AssertionError e) {
            closeQuietly(raw);
            accepted.thenAccept(Connection::close);
            throw e;
        }
    }

    /** Runs {@code task} on a new daemon thread, as another process's thread would. */
    static <T> CompletableFuture<T> async(String name, Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "test-" + name);
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** The future's value; fails the test (rather than hanging) if it takes longer than {@link #WAIT}. */
    static <T> T await(Future<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new AssertionError("the background task failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no result within " + WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static void writeRaw(SocketChannel channel, byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One length-prefixed frame, as {@link FramedChannel} puts it on the wire. */
    static byte[] frame(byte[] payload) {
        return ByteBuffer.allocate(FramedChannel.HEADER_BYTES + payload.length).putInt(payload.length).put(payload).array();
    }

    static byte[] readFrame(SocketChannel channel) {
        ByteBuffer header = readFully(channel, FramedChannel.HEADER_BYTES);
        return readFully(channel, header.getInt()).array();
    }

    private static ByteBuffer readFully(SocketChannel channel, int bytes) {
        ByteBuffer buffer = ByteBuffer.allocate(bytes);
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    throw new IllegalStateException("the peer closed after " + buffer.position() + " of " + bytes + " bytes");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.flip();
    }

    static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // the test is already failing
        }
    }
}
