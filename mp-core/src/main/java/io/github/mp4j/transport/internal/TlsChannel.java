package io.github.mp4j.transport.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * TLS records over a blocking socket, through the JDK's {@link SSLEngine}: {@link SocketLink}
 * reads and writes through this instead of the socket once {@link #handshake} has run. Reads and
 * writes may happen on two threads at once, as on a plain socket: each direction has its own
 * buffers and lock; a TLS message the reading side must answer (a key update) is written under
 * the writing side's lock.
 *
 * <pre>
 *  write: caller's bytes --wrap--&gt; netOut --&gt; socket
 *  read:  socket --&gt; netIn --unwrap--&gt; appIn --&gt; caller's buffer
 * </pre>
 */
final class TlsChannel {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel socket;
    private final SSLEngine engine;
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer netOut;

    private TlsChannel(SocketChannel socket, SSLEngine engine) {
        this.socket = socket;
        this.engine = engine;
        netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
        netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    }

    /**
     * Runs the TLS handshake, blocking.
     *
     * @param socket the connected, blocking socket
     * @param engine an engine in client or server mode
     * @return the channel, ready for application bytes
     * @throws IOException if the handshake fails (an {@link SSLException} names why)
     */
    static TlsChannel handshake(SocketChannel socket, SSLEngine engine) throws IOException {
        TlsChannel channel = new TlsChannel(socket, engine);
        engine.beginHandshake();
        channel.completeHandshake();
        return channel;
    }

    private void completeHandshake() throws IOException {
        while (true) {
            HandshakeStatus status = engine.getHandshakeStatus();
            switch (status) {
                case NEED_WRAP -> {
                    synchronized (writeLock) {
                        wrap(new ByteBuffer[] {EMPTY});
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    synchronized (readLock) {
                        if (unwrapOnce() < 0) {
                            throw new EOFException("the peer closed the connection during the TLS handshake");
                        }
                    }
                }
                case NEED_TASK -> runTasks();
                default -> {
                    return;
                }
            }
        }
    }

    /**
     * Reads decrypted bytes, blocking until at least one is there.
     *
     * @param target where to put them
     * @return how many, or -1 at the end of the stream
     */
    int read(ByteBuffer target) throws IOException {
        synchronized (readLock) {
            while (!appIn.hasRemaining()) {
                if (unwrapOnce() < 0) {
                    return -1;
                }
            }
            int count = Math.min(target.remaining(), appIn.remaining());
            ByteBuffer slice = appIn.slice(appIn.position(), count);
            target.put(slice);
            appIn.position(appIn.position() + count);
            return count;
        }
    }

    /**
     * Encrypts and writes all of the given bytes, blocking.
     *
     * @param sources the bytes, consumed
     * @return how many were consumed
     */
    long write(ByteBuffer... sources) throws IOException {
        synchronized (writeLock) {
            return wrap(sources);
        }
    }

    /** Under the write lock. */
    private long wrap(ByteBuffer[] sources) throws IOException {
        long consumed = 0;
        do {
            netOut.clear();
            SSLEngineResult result = engine.wrap(sources, netOut);
            switch (result.getStatus()) {
                case BUFFER_OVERFLOW -> netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2,
                        engine.getSession().getPacketBufferSize()));
                case CLOSED -> throw new SSLException("the TLS session is closed");
                default -> {
                    consumed += result.bytesConsumed();
                    netOut.flip();
                    while (netOut.hasRemaining()) {
                        socket.write(netOut);
                    }
                }
            }
            if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks();
            }
        } while (hasRemaining(sources));
        return consumed;
    }

    /**
     * Under the read lock: decrypts one record into {@code appIn}, reading from the socket as
     * needed.
     *
     * @return 0, or -1 at the end of the stream
     */
    private int unwrapOnce() throws IOException {
        while (true) {
            netIn.flip();
            appIn.compact();
            SSLEngineResult result;
            try {
                result = engine.unwrap(netIn, appIn);
            } finally {
                appIn.flip();
                netIn.compact();
            }
            switch (result.getStatus()) {
                case OK -> {
                    afterUnwrap(result.getHandshakeStatus());
                    return 0;
                }
                case BUFFER_UNDERFLOW -> {
                    if (netIn.remaining() == 0) {
                        netIn = grow(netIn, engine.getSession().getPacketBufferSize());
                    }
                    if (socket.read(netIn) < 0) {
                        return -1;
                    }
                }
                case BUFFER_OVERFLOW -> appIn = growFlipped(appIn, engine.getSession().getApplicationBufferSize());
                default -> {
                    return -1;
                }
            }
        }
    }

    /** A key update or similar after the handshake: answer it from the reading thread. */
    private void afterUnwrap(HandshakeStatus status) throws IOException {
        if (status == HandshakeStatus.NEED_TASK) {
            runTasks();
        }
        if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            synchronized (writeLock) {
                wrap(new ByteBuffer[] {EMPTY});
            }
        }
    }

    private void runTasks() {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
    }

    private static ByteBuffer grow(ByteBuffer writing, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(writing.capacity() * 2, atLeast));
        writing.flip();
        return bigger.put(writing);
    }

    private static ByteBuffer growFlipped(ByteBuffer reading, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(reading.capacity() * 2, reading.remaining() + atLeast));
        return bigger.put(reading).flip();
    }

    private static boolean hasRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer buffer : buffers) {
            if (buffer.hasRemaining()) {
                return true;
            }
        }
        return false;
    }
}
