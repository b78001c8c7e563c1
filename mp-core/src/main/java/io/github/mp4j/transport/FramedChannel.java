package io.github.mp4j.transport;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.AuthenticationException;
import io.github.mp4j.connection.BufferTooShortException;
import io.github.mp4j.connection.ConnectionClosedException;
import io.github.mp4j.connection.ConnectionException;
import io.github.mp4j.connection.ConnectionOptions;
import io.github.mp4j.connection.ProtocolException;
import io.github.mp4j.connection.TlsSettings;
import io.github.mp4j.serial.DecodeAllowList;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.transport.internal.ChannelRegistry;
import io.github.mp4j.transport.internal.DecodingPeer;
import io.github.mp4j.transport.internal.FrameFormat;
import io.github.mp4j.transport.internal.FrameReader;
import io.github.mp4j.transport.internal.FrameRing;
import io.github.mp4j.transport.internal.FrameWriter;
import io.github.mp4j.transport.internal.ReadAhead;
import io.github.mp4j.transport.internal.SocketLink;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Length-prefixed frames over a connected socket channel; on a Unix socket, large frames travel
 * through shared memory. This is the one type the other concepts use; the work is done in
 * {@code transport.internal}, one concern per class:
 *
 * <pre>
 *  FramedChannel --write--&gt; FrameWriter --large frames--&gt; RingSender ---&gt; FrameRing (writer's side)
 *                \-read---&gt; ReadAhead --&gt; FrameReader --ring chunks--&gt; RingReceiver ---&gt; FrameRing
 *  all of them share a SocketLink (socket, rings, limits, closed state); ChannelRegistry keeps
 *  the open links (closed at exit) and the deadlines
 * </pre>
 *
 * The frames on the wire are drawn in {@link FrameFormat}, the ring's memory layout in
 * {@link FrameRing}.
 *
 * <p><b>Shared memory.</b> Once the peer is authenticated ({@link #enableSharedMemory()}) and if
 * the socket is a Unix socket, so the peer runs on this machine, a frame of 64 KiB or more is
 * copied into a {@link FrameRing} (a file in the user's private shared-memory directory, mapped by
 * both processes) and only its descriptors travel in the socket: two copies per frame instead of
 * four (into a direct buffer, into the kernel, out of it, out of a direct buffer). Each direction
 * sets up its own ring with the first large frame; until the reader has attached it, frames keep
 * going through the socket. Closing the channel unmaps its rings and removes a ring file not yet
 * attached; the exit sequence closes every channel still open, and the directory's dead-process
 * clean-up removes what a crash left behind.
 *
 * <p>The channel stays in blocking mode, so a read or write costs one system call. Waiting with a
 * timeout ({@link #awaitReadable}, {@link #readable()}) reads the next frame ahead on a helper
 * thread; the next {@link #read()} takes that frame. Frames are read by one thread at a time,
 * like Python's connections; one thread may write while another reads. A thread interrupted in
 * the middle of a read or write gets an {@link MpInterruptedException} and the channel is closed,
 * since part of a frame may be gone.
 */
public final class FramedChannel implements Closeable {

    /** Bytes of the length prefix. */
    public static final int HEADER_BYTES = FrameFormat.HEADER_BYTES;

    private final SocketLink link;
    private final FrameWriter writer;
    private final FrameReader reader;
    private final ReadAhead reading;

    /**
     * @param channel a connected channel; this object owns it from now on
     * @param maxFrameBytes largest frame accepted in either direction
     */
    public FramedChannel(SocketChannel channel, int maxFrameBytes) {
        link = new SocketLink(channel, maxFrameBytes);
        writer = new FrameWriter(link);
        reader = new FrameReader(link);
        reading = new ReadAhead(link, reader);
    }

    /**
     * Opens a socket to an address and frames it, without authenticating: the caller runs the
     * {@link Handshake} before it decodes anything the peer sends.
     *
     * @param address where to connect
     * @param maxFrameBytes the largest frame accepted
     * @return the unauthenticated channel
     * @throws ConnectionException if nothing listens there
     */
    public static FramedChannel connect(Address address, int maxFrameBytes) {
        return new FramedChannel(openSocket(address), maxFrameBytes);
    }

    /**
     * Opens a plain socket to an address, without authenticating.
     *
     * @param address where to connect
     * @return the connected channel
     * @throws ConnectionException if nothing listens there
     */
    public static SocketChannel openSocket(Address address) {
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

    /** @param bytes the new maximum frame size */
    public void setMaxFrameBytes(int bytes) {
        link.setMaxFrameBytes(bytes);
    }

    /** @return the maximum frame size */
    public int maxFrameBytes() {
        return link.maxFrameBytes();
    }

    /**
     * Lets large frames travel through shared memory from now on if the peer is on this machine.
     * Call it once the peer has proven who it is, before reading on: until then any negative
     * header is garbage, so nothing an unauthenticated peer sends makes this process open a file.
     */
    public void enableSharedMemory() {
        link.enableSharedMemory();
    }

    /**
     * Whether objects from the peer may name any class: a peer on this machine (a Unix socket in
     * the user's private directory, running the same class path) unless
     * {@value DecodeAllowList#TRUST_LOCAL_PEERS_PROPERTY} is {@code false}; never a TCP peer. Decode
     * what an untrusted peer sends with {@link ObjectCodec#decodeUntrusted}.
     *
     * @return whether the peer is trusted beyond its authentication
     */
    public boolean peerTrusted() {
        return link.unixSocket() && DecodeAllowList.trustsLocalPeers();
    }

    /**
     * Decodes a frame read from this channel, under the {@link DecodeAllowList} unless
     * {@link #peerTrusted()}.
     *
     * @param frame a frame read from this channel
     * @return the object
     */
    public Object decode(byte[] frame) {
        if (link.unixSocket()) {
            // the hot path of pipes and queues on one machine: nothing to note for the handles in it
            return ObjectCodec.decode(frame, DecodeAllowList.trustsLocalPeers());
        }
        DecodingPeer previous = DecodingPeer.enter(new DecodingPeer(true, link.authKey(), link.authOptions()));
        try {
            return ObjectCodec.decode(frame, peerTrusted());
        } finally {
            DecodingPeer.restore(previous);
        }
    }

    /**
     * Runs the TLS handshake on a TCP channel (nothing on a Unix socket), within the handshake
     * timeout; every byte goes through TLS from then on.
     *
     * @param settings the TLS settings
     * @param clientMode whether this side connected
     * @param timeoutNanos how long the peer may take
     * @throws AuthenticationException if the TLS handshake fails or times out
     */
    void startTls(TlsSettings settings, boolean clientMode, long timeoutNanos) {
        if (link.unixSocket()) {
            return;
        }
        SSLEngine engine;
        InetSocketAddress peer = link.remoteAddress();
        if (clientMode) {
            engine = settings.context().createSSLEngine(peer.getHostString(), peer.getPort());
            if (settings.verifiesHostName()) {
                SSLParameters parameters = engine.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                engine.setSSLParameters(parameters);
            }
        } else {
            engine = settings.context().createSSLEngine();
        }
        engine.setUseClientMode(clientMode);
        ScheduledFuture<?> deadline = closeAfter(timeoutNanos, "the peer did not complete the TLS handshake in time");
        try {
            link.startTls(engine);
        } catch (ConnectionException e) {
            throw new AuthenticationException("TLS with " + peer + " failed: " + e.getMessage(), e);
        } finally {
            deadline.cancel(false);
        }
    }

    /** @return whether the bytes on the wire are encrypted (TLS) */
    public boolean encrypted() {
        return link.encrypted();
    }

    /** Notes the key the peer proved it knows: handles that arrive on this channel reach their owners with it. */
    void authenticated(byte[] key, ConnectionOptions options) {
        link.authenticated(key, options);
    }

    /** @return whether the large frames this side writes go through shared memory (the peer attached its ring) */
    public boolean writesThroughSharedMemory() {
        return writer.throughSharedMemory();
    }

    /** @return whether this side has mapped the peer's ring, and so reads its large frames from shared memory */
    public boolean readsThroughSharedMemory() {
        return reader.throughSharedMemory();
    }

    /**
     * Writes one frame.
     *
     * @param payload the frame's bytes, from position to limit; consumed
     */
    public void write(ByteBuffer payload) {
        writer.write(payload);
    }

    /**
     * Writes one frame made of several parts, without copying them together first.
     *
     * @param parts the frame's bytes, in order, each from position to limit; consumed
     */
    public void writeParts(ByteBuffer... parts) {
        writer.writeBatch(List.<ByteBuffer[]>of(parts));
    }

    /**
     * Adds one frame, header and payload, to a buffer of frames that {@link #writeFramed} will
     * write later: a producer can batch many small frames without an object per frame.
     *
     * @param frames where to add it; must have {@link #framedBytes(int)} bytes of room
     * @param payload the frame's bytes, from position to limit; consumed
     */
    public void appendFrame(ByteBuffer frames, ByteBuffer payload) {
        writer.appendFrame(frames, payload);
    }

    /** @return the room a frame of {@code payloadBytes} takes in a buffer of frames */
    public static int framedBytes(int payloadBytes) {
        return HEADER_BYTES + payloadBytes;
    }

    /**
     * Writes frames added to a buffer by {@link #appendFrame}, as they are.
     *
     * @param frames the frames, from position to limit; consumed
     */
    public void writeFramed(ByteBuffer frames) {
        writer.writeFramed(frames);
    }

    /**
     * Writes several frames with as few system calls as the buffer allows.
     *
     * @param frames the frames' payloads
     */
    public void writeAll(List<byte[]> frames) {
        List<ByteBuffer[]> parts = new ArrayList<>(frames.size());
        for (byte[] frame : frames) {
            parts.add(new ByteBuffer[] {ByteBuffer.wrap(frame)});
        }
        writer.writeBatch(parts);
    }

    /**
     * Writes several frames, each made of parts, with as few system calls as the buffer allows.
     * Small frames are gathered in one buffer; large frames go through the shared-memory ring if
     * there is one, else their large parts go to the socket directly.
     *
     * @param frames each frame's parts, consumed
     */
    public void writeBatch(List<ByteBuffer[]> frames) {
        writer.writeBatch(frames);
    }

    /**
     * Reads the next frame, waiting as long as it takes.
     *
     * @return the frame's payload
     * @throws ConnectionClosedException at the end of the stream
     * @throws ProtocolException for a malformed or oversized frame (the channel is then closed)
     */
    public byte[] read() {
        return reading.read();
    }

    /**
     * Reads the next frame only if all of it has already arrived.
     *
     * @return the frame, or {@code null} without blocking if it has not all arrived
     */
    public byte[] readBuffered() {
        return reading.readBuffered();
    }

    /**
     * Waits until a frame (or the end of the stream) can be read without blocking.
     *
     * @param timeoutNanos how long to wait; 0 checks without waiting, negative waits forever
     * @return whether something can be read now
     * @throws MpInterruptedException if the thread is interrupted while it waits (the channel
     *     stays usable)
     */
    public boolean awaitReadable(long timeoutNanos) {
        return reading.awaitReadable(timeoutNanos);
    }

    /**
     * @return a future that completes once a frame (or the end of the stream, or a failure) can be
     *     read without blocking; reading ahead on a helper thread if nothing is buffered yet
     */
    public CompletableFuture<?> readable() {
        return reading.readable();
    }

    /**
     * Reads the next frame into the caller's array, straight from the socket or the ring.
     *
     * @param buffer where to put it
     * @param offset where in {@code buffer} to start
     * @return the frame's length
     * @throws BufferTooShortException if it does not fit; the frame is in the exception
     */
    public int readInto(byte[] buffer, int offset) {
        Objects.checkFromToIndex(offset, buffer.length, buffer.length);
        return reading.readInto(buffer, offset);
    }

    /**
     * Closes this channel if it is still open after {@code timeout}, unless the returned task is
     * cancelled first: a deadline for a blocking exchange such as the handshake.
     *
     * @param timeoutNanos the deadline
     * @param reason how to explain the closing
     * @return cancel it when the exchange finished in time
     */
    public ScheduledFuture<?> closeAfter(long timeoutNanos, String reason) {
        return ChannelRegistry.closeAfter(link, timeoutNanos, reason);
    }

    /** @return why the channel is closed, as later operations report it */
    public String closedReason() {
        return link.closedReason();
    }

    /** @return whether the channel was closed, by either side's failure or by {@link #close()} */
    public boolean isClosed() {
        return link.isClosed();
    }

    /**
     * Closes the channel and wakes any thread blocked on it.
     *
     * @param reason how later operations explain that it is closed
     */
    public void close(String reason) {
        link.close(reason);
    }

    @Override
    public void close() {
        close("the connection was closed");
    }
}
