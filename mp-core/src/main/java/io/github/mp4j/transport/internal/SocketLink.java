package io.github.mp4j.transport.internal;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.connection.ConnectionClosedException;
import io.github.mp4j.connection.ConnectionException;
import io.github.mp4j.connection.ConnectionOptions;
import io.github.mp4j.connection.ProtocolException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;

/**
 * What the writing and the reading side of one framed channel share: the socket, the rings that
 * {@link RingSender} and {@link RingReceiver} map (this object owns them, so that closing it from
 * any thread releases everything), the frame size limit, whether the peer is trusted with shared
 * memory, and whether and why the channel is closed. Failures are translated here into the
 * exceptions callers see, closing the channel where its stream can no longer be trusted.
 *
 * <p>The socket stays in blocking mode, so a read or write costs one system call; it is never
 * switched to non-blocking mode, which would wait for a blocked writer. (Reads that spin in
 * non-blocking mode before they wait in a selector were measured slower on a loaded two-core
 * machine: such a wait costs two system calls instead of one, and the spin takes the CPU the peer
 * needs to answer.) A TCP socket has Nagle's algorithm off: a small request or reply must not
 * wait for the acknowledgement of the one before.
 */
public final class SocketLink {

    /** Asked of the kernel, which caps it (net.core.wmem_max): fewer wake-ups per large message. */
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;
    /** What a thread interrupted in a read waited for, as {@link MpInterruptedException} says it. */
    static final String A_MESSAGE = "a message on a connection";
    /** What a thread interrupted in a write waited for. */
    static final String ROOM_TO_SEND = "room to send on a connection";
    private static final String INTERRUPTED = "the connection was closed because a thread using it was interrupted"
            + " (interrupting a thread in socket I/O closes the socket)";

    private final SocketChannel socket;
    private final boolean unixSocket;
    private volatile int maxFrameBytes;
    /** Whether negative headers are control frames (else garbage): set once the peer is authenticated. */
    private volatile boolean sharedMemory;
    /** The key the peer proved it knows, once the handshake is over. */
    private volatile byte[] authKey;
    private volatile ConnectionOptions authOptions;
    private volatile boolean closed;
    private volatile String closedBecause = "the connection was closed";
    /** The ring this side writes; set under the write lock, volatile for close(). */
    private volatile FrameRing outgoing;
    /** The ring this side reads; set under the read lock, volatile for close(). */
    private volatile FrameRing incoming;
    /** TLS over the socket, once {@link #startTls} has run; {@code null} for plain bytes. */
    private volatile TlsChannel tls;

    /**
     * Configures a connected socket and registers it with the {@link ChannelRegistry}.
     *
     * @param socket a connected socket; this object owns it from now on
     * @param maxFrameBytes largest frame accepted in either direction
     */
    public SocketLink(SocketChannel socket, int maxFrameBytes) {
        this.socket = socket;
        this.maxFrameBytes = maxFrameBytes;
        ChannelRegistry.opened(this);
        try {
            unixSocket = socket.getRemoteAddress() instanceof UnixDomainSocketAddress;
            socket.configureBlocking(true);
            socket.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            socket.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            if (!unixSocket) {
                socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new ConnectionException("cannot configure socket: " + e, e);
        }
    }

    /**
     * Runs the TLS handshake on the socket, blocking; from then on every byte goes through TLS.
     * Call it right after connecting, before the mp4j handshake.
     *
     * @param engine an engine in client or server mode
     * @throws ConnectionException if the TLS handshake fails (the channel is then closed)
     */
    public void startTls(SSLEngine engine) {
        if (unixSocket) {
            return;
        }
        try {
            tls = TlsChannel.handshake(socket, engine);
        } catch (IOException e) {
            close("the TLS handshake failed: " + e.getMessage());
            throw new ConnectionException("the TLS handshake failed: " + e.getMessage()
                    + " (do both ends use TLS, and does this side trust the other's certificate?)", e);
        }
    }

    /** @return the peer's TCP address, as connected or accepted */
    public InetSocketAddress remoteAddress() {
        try {
            return (InetSocketAddress) socket.getRemoteAddress();
        } catch (IOException e) {
            throw new ConnectionClosedException("the connection was closed: " + e.getMessage(), e);
        }
    }

    /** @return whether the bytes on the wire are encrypted (TLS) */
    public boolean encrypted() {
        return tls != null;
    }

    int read(ByteBuffer target) throws IOException {
        TlsChannel secure = tls;
        return secure == null ? socket.read(target) : secure.read(target);
    }

    void write(ByteBuffer source) throws IOException {
        TlsChannel secure = tls;
        if (secure == null) {
            socket.write(source);
        } else {
            secure.write(source);
        }
    }

    void write(ByteBuffer[] sources) throws IOException {
        TlsChannel secure = tls;
        if (secure == null) {
            socket.write(sources);
        } else {
            secure.write(sources);
        }
    }

    /** @return the largest frame accepted in either direction */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** @param bytes the new largest frame accepted in either direction */
    public void setMaxFrameBytes(int bytes) {
        maxFrameBytes = bytes;
    }

    /**
     * @param key the key the peer proved it knows
     * @param options the options the connection was authenticated with
     */
    public void authenticated(byte[] key, ConnectionOptions options) {
        authKey = key.clone();
        authOptions = options;
    }

    /** @return the options the connection was authenticated with, or {@code null} before the handshake */
    public ConnectionOptions authOptions() {
        return authOptions;
    }

    /** @return the key the peer proved it knows, or {@code null} before the handshake */
    public byte[] authKey() {
        byte[] key = authKey;
        return key == null ? null : key.clone();
    }

    /** @return whether the peer is on this machine (a Unix socket), not across a network */
    public boolean unixSocket() {
        return unixSocket;
    }

    /** Trusts the peer with shared memory from now on, if it is on this machine (a Unix socket). */
    public void enableSharedMemory() {
        sharedMemory = unixSocket;
    }

    boolean sharedMemory() {
        return sharedMemory;
    }

    FrameRing outgoing() {
        return outgoing;
    }

    FrameRing incoming() {
        return incoming;
    }

    /** Takes ownership of this side's ring; a ring adopted after close is closed at once. */
    void adoptOutgoing(FrameRing ring) {
        outgoing = ring;
        if (closed) {
            ring.close();
        }
    }

    /** Takes ownership of the peer's ring; a ring adopted after close is closed at once. */
    void adoptIncoming(FrameRing ring) {
        incoming = ring;
        if (closed) {
            ring.close();
        }
    }

    /** @return whether the channel was closed, by either side's failure or by {@link #close} */
    public boolean isClosed() {
        return closed;
    }

    /** @return why the channel is closed, as later operations report it */
    public String closedReason() {
        return closedBecause;
    }

    /**
     * Closes the socket, which wakes any thread blocked on it, and unmaps the rings (once no copy
     * is in progress).
     *
     * @param reason how later operations explain that the channel is closed
     */
    public void close(String reason) {
        if (!closed) {
            closedBecause = reason;
            closed = true;
        }
        ChannelRegistry.closed(this);
        try {
            socket.close();
        } catch (IOException e) {
            // closing is best effort; the descriptor is released either way
        }
        FrameRing out = outgoing;
        if (out != null) {
            out.close();
        }
        FrameRing in = incoming;
        if (in != null) {
            in.close();
        }
    }

    void ensureOpen() {
        if (closed) {
            throw new ConnectionClosedException(closedBecause);
        }
    }

    /** @throws ProtocolException if this side may not send a frame of {@code length} bytes; nothing is sent */
    void checkOutgoing(long length) {
        if (length > maxFrameBytes) {
            throw new ProtocolException("message of " + length + " bytes is larger than this connection's maximum of "
                    + maxFrameBytes + " bytes; nothing was sent. Split it, or raise maxFrameBytes on both ends");
        }
    }

    /** @return {@code length}, if the peer may send a frame that long; else the channel is closed */
    int checkIncoming(int length) {
        if (length > maxFrameBytes) {
            throw protocolError("a frame of " + length + " bytes, above this connection's maximum of " + maxFrameBytes);
        }
        return length;
    }

    /** Closes the channel: the stream cannot be trusted after what the peer sent. */
    ProtocolException protocolError(String problem) {
        close("the connection was closed after the peer sent " + problem);
        return new ProtocolException("peer sent " + problem + "; the connection is closed. Check that both"
                + " ends are mp4j connections, or raise maxFrameBytes if the message is legitimate");
    }

    ConnectionClosedException endOfStream(String where) {
        close("the other end closed the connection");
        return new ConnectionClosedException("the other end closed the connection" + where
                + " (its process may have exited or been killed)");
    }

    /**
     * @param cause what the socket threw in a write
     * @return the exception to throw (see {@link #failed})
     */
    RuntimeException sendFailed(IOException cause) {
        return failed("send", ROOM_TO_SEND, cause);
    }

    /**
     * @param cause what the socket threw in a read
     * @return the exception to throw (see {@link #failed})
     */
    RuntimeException receiveFailed(IOException cause) {
        return failed("receive", A_MESSAGE, cause);
    }

    /**
     * Closes the channel, whose stream may now be cut in the middle of a frame, and explains why,
     * following {@link MpInterruptedException}'s policy for an interrupted thread.
     *
     * @param operation "send" or "receive"
     * @param awaited what an interrupted thread was waiting for
     * @param cause what the socket threw
     * @return the exception to throw
     */
    private RuntimeException failed(String operation, String awaited, IOException cause) {
        if (cause instanceof ClosedByInterruptException) {
            return interrupted(awaited, cause);
        }
        if (cause instanceof ClosedChannelException) {
            return new ConnectionClosedException(closed ? closedBecause : "the connection was closed during " + operation,
                    cause);
        }
        close("the connection failed: " + cause.getMessage());
        return new ConnectionClosedException("cannot " + operation + ": the connection failed (" + cause.getMessage()
                + "); the other end's process may have exited or been killed", cause);
    }

    /**
     * @param awaited what the thread was waiting for: {@link #A_MESSAGE} or {@link #ROOM_TO_SEND}
     * @param cause the JDK's {@link ClosedByInterruptException}
     * @return the exception to throw, after closing the channel (part of a frame may be gone)
     */
    MpInterruptedException interrupted(String awaited, IOException cause) {
        close(INTERRUPTED);
        return new MpInterruptedException(awaited + "; " + INTERRUPTED, cause);
    }
}
