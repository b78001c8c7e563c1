package io.github.mp4j.transport;

import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.BufferTooShortException;
import io.github.mp4j.connection.ConnectionClosedException;
import io.github.mp4j.connection.ConnectionException;
import io.github.mp4j.connection.ProtocolException;
import io.github.mp4j.runtime.ExitSequence;
import io.github.mp4j.transport.internal.FrameRing;
import java.io.Closeable;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Length-prefixed frames over a connected socket channel; on a Unix socket, large frames travel
 * through shared memory.
 *
 * <pre>
 *  data frame  +------------------------------------+--------------------------------------+
 *              | length (int32, big-endian, &gt;= 0)  | payload (length bytes)               |
 *              +------------------------------------+--------------------------------------+
 *  ring chunk  | 0x80000001 | remaining (int32) | chunk (int32) | position (int64)          | 20 bytes
 *  ring offer  | 0x80000002 | capacity (int32)  | token (int64) | name length (int16) | name |
 *  probe       | 0x80000003 |                                                              4 bytes
 * </pre>
 *
 * A whole frame is read into memory before anyone looks at it. A length above the maximum, or
 * any other negative header, is a protocol error that closes the channel before anything is
 * allocated.
 *
 * <p><b>Shared memory.</b> Once the peer is authenticated ({@link #enableSharedMemory()}) and if
 * the socket is a Unix socket, so the peer runs on this machine, a frame of
 * {@value #RING_THRESHOLD} bytes or more is copied into a {@link FrameRing} (a file in the user's
 * private shared-memory directory, mapped by both processes) and only its descriptors travel in
 * the socket: two copies per frame instead of four (into a direct buffer, into the kernel, out of
 * it, out of a direct buffer).
 * <ul>
 *   <li><em>Set-up, per direction.</em> The first large frame makes the writer create its ring
 *       and send a <em>ring offer</em> naming the file; that frame and the next ones still go
 *       through the socket until the reader has mapped the ring, unlinked its file and marked it
 *       attached. A reader that cannot map it (its peer is another user, or in another
 *       {@code /dev/shm}) ignores the offer and the writer keeps using the socket. A malformed
 *       offer, a second offer, or a file name that is not a plain ring file name in that
 *       directory is a protocol error.</li>
 *   <li><em>Frames.</em> A frame goes as one or more <em>ring chunks</em> of at most a quarter of
 *       the ring each, in a row: {@code remaining} is the frame's bytes from this chunk on, so
 *       the first chunk gives the frame's length. The reader checks every descriptor (a ring
 *       exists, {@code 0 < chunk <= remaining}, {@code chunk <= capacity}, {@code position} is
 *       its read position, the frame is within the maximum); a bad one is a protocol error. Its
 *       order in the socket stream is the frame's order, so ring frames and socket frames mix
 *       freely.</li>
 *   <li><em>A full ring.</em> The writer waits: it yields, then parks for growing intervals (up
 *       to {@value #MAX_PARK_MICROS} µs), never spins. While the reader releases nothing it
 *       sends a <em>probe</em> (skipped by the reader) every {@value #PROBE_INTERVAL_MILLIS}
 *       ms, so a reader that died or closed surfaces as a failed write, as it would on the
 *       socket path; a reader that is alive but not reading holds the writer as a full socket
 *       would.</li>
 *   <li><em>Clean-up.</em> Closing the channel unmaps its rings (once no copy is in progress)
 *       and removes a ring file not yet attached; {@link #closeAll} does so at exit, and the
 *       directory's dead-process clean-up after a crash.</li>
 * </ul>
 *
 * <p>The channel stays in blocking mode, so a read or write costs one system call. Waiting with a
 * timeout ({@link #awaitReadable}, {@link #readable()}) reads the next frame ahead on a helper
 * thread; the next {@link #read()} takes that frame. The channel is never switched to
 * non-blocking mode, which would wait for a blocked writer. Frames are read by one thread at a
 * time, like Python's connections; one thread may write while another reads.
 */
public final class FramedChannel implements Closeable {

    /** Bytes of the length prefix. */
    public static final int HEADER_BYTES = 4;

    /** Frames from this size on go through shared memory when they can. */
    static final int RING_THRESHOLD = 64 << 10;
    static final int MAX_PARK_MICROS = 1000;
    static final int PROBE_INTERVAL_MILLIS = 50;

    private static final int RING_CHUNK = 0x80000001;
    private static final int RING_OFFER = 0x80000002;
    private static final int PROBE = 0x80000003;
    private static final int CHUNK_BYTES = 20;
    private static final int OFFER_FIXED_BYTES = 18;
    private static final int MAX_NAME_BYTES = 64;
    private static final int YIELDS_BEFORE_PARKING = 8;
    private static final long MIN_PARK_NANOS = 10_000;
    private static final String INTERRUPTED = "the connection was closed because a thread using it was interrupted"
            + " (interrupting a thread in socket I/O closes the socket)";

    private static final int BUFFER_BYTES = 64 << 10;
    /** Asked of the kernel, which caps it (net.core.wmem_max): fewer wake-ups per large message. */
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;
    /** Every channel not yet closed, so that a process can close them all as it exits. */
    private static final Set<FramedChannel> OPEN = ConcurrentHashMap.newKeySet();
    private static final ExecutorService READ_AHEAD = Executors.newCachedThreadPool(daemon("mp4j-read-ahead"));
    private static final ScheduledExecutorService DEADLINES = deadlineExecutor();

    static {
        ExitSequence.add(ExitSequence.Step.CONNECTIONS, () -> closeAll("this process is exiting"));
    }

    private final SocketChannel channel;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Object readAheadLock = new Object();
    /** A frame being read, or read, ahead of the next {@link #read()}; guarded by readAheadLock. */
    private CompletableFuture<byte[]> readAhead;
    /** Unread bytes are between position and limit. */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(BUFFER_BYTES).flip();
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private volatile int maxFrameBytes;
    private volatile boolean closed;
    private final boolean unixSocket;
    /** Whether negative headers are control frames (else garbage): set once the peer is authenticated. */
    private volatile boolean sharedMemory;
    /** The ring this side writes; guarded by writeLock, volatile for close(). */
    private volatile FrameRing outgoing;
    /** Whether this side could not make a ring; guarded by writeLock. */
    private boolean noOutgoing;
    /** The ring this side reads; guarded by readLock, volatile for close(). */
    private volatile FrameRing incoming;
    /** Whether the peer offered its ring; guarded by readLock. */
    private boolean offered;
    /** The length of the frame's current ring chunk, or 0 for a frame in the socket; guarded by readLock. */
    private int chunkLength;
    private volatile String closedBecause = "the connection was closed";

    /**
     * @param channel a connected channel; this object owns it from now on
     * @param maxFrameBytes largest frame accepted in either direction
     */
    public FramedChannel(SocketChannel channel, int maxFrameBytes) {
        this.channel = channel;
        this.maxFrameBytes = maxFrameBytes;
        OPEN.add(this);
        try {
            unixSocket = channel.getRemoteAddress() instanceof UnixDomainSocketAddress;
            channel.configureBlocking(true);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
        } catch (IOException | UnsupportedOperationException e) {
            throw new ConnectionException("cannot configure socket: " + e, e);
        }
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
        this.maxFrameBytes = bytes;
    }

    /** @return the maximum frame size */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * Lets large frames travel through shared memory from now on if the peer is on this machine.
     * Call it once the peer has proven who it is, before reading on: until then any negative
     * header is garbage, so nothing an unauthenticated peer sends makes this process open a file.
     */
    public void enableSharedMemory() {
        sharedMemory = unixSocket;
    }

    /** @return whether the large frames this side writes go through shared memory (the peer attached its ring) */
    public boolean writesThroughSharedMemory() {
        FrameRing ring = outgoing;
        if (ring == null || !ring.pin()) {
            return false;
        }
        try {
            return ring.attached();
        } finally {
            ring.unpin();
        }
    }

    /** @return whether this side has mapped the peer's ring, and so reads its large frames from shared memory */
    public boolean readsThroughSharedMemory() {
        return incoming != null && !closed;
    }

    /**
     * Writes one frame.
     *
     * @param payload the frame's bytes, from position to limit; consumed
     */
    public void write(ByteBuffer payload) {
        int length = payload.remaining();
        checkOutgoing(length);
        if (length > BUFFER_BYTES - HEADER_BYTES || length >= RING_THRESHOLD) {
            writeBatch(List.<ByteBuffer[]>of(new ByteBuffer[] {payload}));
            return;
        }
        writeLock.lock();
        try {
            ensureOpen();
            writeBuffer.clear();
            writeBuffer.putInt(length).put(payload);
            drainWriteBuffer();
        } catch (IOException e) {
            throw failed("send", e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Writes one frame made of several parts, without copying them together first.
     *
     * @param parts the frame's bytes, in order, each from position to limit; consumed
     */
    public void writeParts(ByteBuffer... parts) {
        writeBatch(List.<ByteBuffer[]>of(parts));
    }

    /**
     * Adds one frame, header and payload, to a buffer of frames that {@link #writeFramed} will
     * write later: a producer can batch many small frames without an object per frame.
     *
     * @param frames where to add it; must have {@link #framedBytes(int)} bytes of room
     * @param payload the frame's bytes, from position to limit; consumed
     */
    public void appendFrame(ByteBuffer frames, ByteBuffer payload) {
        checkOutgoing(payload.remaining());
        frames.putInt(payload.remaining()).put(payload);
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
        writeLock.lock();
        try {
            ensureOpen();
            writeFully(frames);
        } catch (IOException e) {
            throw failed("send", e);
        } finally {
            writeLock.unlock();
        }
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
        writeBatch(parts);
    }

    /**
     * Writes several frames, each made of parts, with as few system calls as the buffer allows.
     * Small frames are gathered in one buffer; large frames go through the shared-memory ring if
     * there is one, else their large parts go to the socket directly.
     *
     * @param frames each frame's parts, consumed
     */
    public void writeBatch(List<ByteBuffer[]> frames) {
        for (ByteBuffer[] parts : frames) {
            checkOutgoing(remaining(parts));
        }
        writeLock.lock();
        try {
            ensureOpen();
            writeBuffer.clear();
            for (ByteBuffer[] parts : frames) {
                long length = remaining(parts);
                FrameRing ring = length >= RING_THRESHOLD ? attachedRing() : null;
                if (ring != null) {
                    try {
                        writeThroughRing(ring, parts, (int) length);
                    } finally {
                        ring.unpin();
                    }
                    continue;
                }
                if (writeBuffer.remaining() < HEADER_BYTES) {
                    drainWriteBuffer();
                }
                writeBuffer.putInt((int) length);
                for (ByteBuffer part : parts) {
                    if (part.remaining() <= writeBuffer.remaining()) {
                        writeBuffer.put(part);
                    } else if (part.remaining() <= BUFFER_BYTES) {
                        drainWriteBuffer();
                        writeBuffer.put(part);
                    } else {
                        writeBuffer.flip();
                        writeFully(new ByteBuffer[] {writeBuffer, part});
                        writeBuffer.clear();
                    }
                }
            }
            drainWriteBuffer();
        } catch (IOException e) {
            throw failed("send", e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * @return the outgoing ring, pinned, if the reader has attached it; else {@code null}, after
     *     offering a ring if none was offered yet
     */
    private FrameRing attachedRing() throws IOException {
        if (!sharedMemory || noOutgoing) {
            return null;
        }
        FrameRing ring = outgoing;
        if (ring == null) {
            offerRing();
            return null;
        }
        if (!ring.pin()) {
            throw new ConnectionClosedException(closedBecause);
        }
        if (ring.attached()) {
            return ring;
        }
        ring.unpin();
        return null;
    }

    private void offerRing() throws IOException {
        FrameRing ring;
        try {
            ring = FrameRing.create();
        } catch (IOException | RuntimeException e) {
            noOutgoing = true;
            return;
        }
        outgoing = ring;
        if (closed) {
            ring.close();
            return;
        }
        byte[] name = ring.name().getBytes(StandardCharsets.US_ASCII);
        if (writeBuffer.remaining() < OFFER_FIXED_BYTES + name.length) {
            drainWriteBuffer();
        }
        writeBuffer.putInt(RING_OFFER).putInt(ring.capacity()).putLong(ring.token()).putShort((short) name.length).put(name);
    }

    private void writeThroughRing(FrameRing ring, ByteBuffer[] parts, int length) throws IOException {
        int maxChunk = ring.capacity() / 4;
        for (int remaining = length; remaining > 0; ) {
            int chunk = Math.min(remaining, maxChunk);
            awaitRoom(ring, chunk);
            long position = ring.write(parts, chunk);
            if (writeBuffer.remaining() < CHUNK_BYTES) {
                drainWriteBuffer();
            }
            writeBuffer.putInt(RING_CHUNK).putInt(remaining).putInt(chunk).putLong(position);
            remaining -= chunk;
        }
    }

    /** Waits, without spinning, until the reader has released room for {@code bytes}. */
    private void awaitRoom(FrameRing ring, int bytes) throws IOException {
        if (ring.room() >= bytes) {
            return;
        }
        drainWriteBuffer();
        long consumed = ring.consumed();
        long lastSign = System.nanoTime();
        for (int idle = 0; ring.room() < bytes; idle++) {
            ensureOpen();
            if (idle < YIELDS_BEFORE_PARKING) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(Math.min(MAX_PARK_MICROS * 1000L, MIN_PARK_NANOS << Math.min(idle - YIELDS_BEFORE_PARKING, 20)));
            }
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                close(INTERRUPTED);
                throw new ConnectionClosedException(INTERRUPTED);
            }
            long now = System.nanoTime();
            if (ring.consumed() != consumed) {
                consumed = ring.consumed();
                lastSign = now;
                idle = 0;
            } else if (now - lastSign >= TimeUnit.MILLISECONDS.toNanos(PROBE_INTERVAL_MILLIS)) {
                writeBuffer.putInt(PROBE);
                drainWriteBuffer();
                lastSign = now;
            }
        }
    }

    private void drainWriteBuffer() throws IOException {
        writeBuffer.flip();
        writeFully(writeBuffer);
        writeBuffer.clear();
    }

    private static long remaining(ByteBuffer[] parts) {
        long length = 0;
        for (ByteBuffer part : parts) {
            length += part.remaining();
        }
        return length;
    }

    /**
     * Reads the next frame, waiting as long as it takes.
     *
     * @return the frame's payload
     * @throws ConnectionClosedException at the end of the stream
     * @throws ProtocolException for a malformed or oversized frame (the channel is then closed)
     */
    public byte[] read() {
        CompletableFuture<byte[]> ahead;
        synchronized (readAheadLock) {
            ahead = readAhead;
            readAhead = null;
        }
        return ahead != null ? takeReadAhead(ahead) : readNow();
    }

    /**
     * Reads the next frame only if all of it has already arrived.
     *
     * @return the frame, or {@code null} without blocking if it has not all arrived
     */
    public byte[] readBuffered() {
        synchronized (readAheadLock) {
            if (readAhead != null) {
                if (!readAhead.isDone()) {
                    return null;
                }
                CompletableFuture<byte[]> ahead = readAhead;
                readAhead = null;
                return takeReadAhead(ahead);
            }
        }
        readLock.lock();
        try {
            while (readBuffer.remaining() >= HEADER_BYTES) {
                int header = readBuffer.getInt(readBuffer.position());
                int buffered = readBuffer.remaining();
                if (header >= 0 && header <= maxFrameBytes && header > buffered - HEADER_BYTES) {
                    return null;
                }
                if (header >= 0 || !sharedMemory) {
                    return readNow();
                }
                if (header == RING_CHUNK) {
                    // a frame of several chunks is left to read(): its later chunks are yet to come
                    return buffered < CHUNK_BYTES || readBuffer.getInt(readBuffer.position() + 8)
                            < readBuffer.getInt(readBuffer.position() + 4) ? null : readNow();
                }
                int control = header != RING_OFFER ? HEADER_BYTES : buffered < OFFER_FIXED_BYTES ? Integer.MAX_VALUE
                        : OFFER_FIXED_BYTES + (readBuffer.getShort(readBuffer.position() + OFFER_FIXED_BYTES - 2) & 0xffff);
                if (buffered < control) {
                    return null;
                }
                takeControl(readBuffer.getInt());
            }
            return null;
        } catch (IOException e) {
            throw failed("receive", e);
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Waits until a frame (or the end of the stream) can be read without blocking.
     *
     * @param timeoutNanos how long to wait; 0 checks without waiting, negative waits forever
     * @return whether something can be read now
     */
    public boolean awaitReadable(long timeoutNanos) {
        CompletableFuture<?> ready = readable();
        try {
            if (timeoutNanos < 0) {
                ready.get();
            } else if (timeoutNanos == 0) {
                return ready.isDone();
            } else {
                ready.get(timeoutNanos, TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ready.isDone();
        }
    }

    /**
     * @return a future that completes once a frame (or the end of the stream, or a failure) can be
     *     read without blocking; reading ahead on a helper thread if nothing is buffered yet
     */
    public CompletableFuture<?> readable() {
        synchronized (readAheadLock) {
            if (readAhead != null) {
                return readAhead;
            }
            if (closed || readBuffer.hasRemaining()) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<byte[]> ahead = new CompletableFuture<>();
            readAhead = ahead;
            READ_AHEAD.execute(() -> {
                try {
                    ahead.complete(readNow());
                } catch (Throwable t) {
                    ahead.completeExceptionally(t);
                }
            });
            return ahead;
        }
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
        CompletableFuture<byte[]> ahead;
        synchronized (readAheadLock) {
            ahead = readAhead;
            readAhead = null;
        }
        int room = buffer.length - offset;
        if (ahead != null) {
            byte[] frame = takeReadAhead(ahead);
            if (frame.length > room) {
                throw new BufferTooShortException(frame, room);
            }
            System.arraycopy(frame, 0, buffer, offset, frame.length);
            return frame.length;
        }
        readLock.lock();
        try {
            int length = beginFrame();
            if (length > room) {
                byte[] frame = new byte[length];
                readBody(frame, 0, length);
                throw new BufferTooShortException(frame, room);
            }
            readBody(buffer, offset, length);
            return length;
        } catch (IOException e) {
            throw failed("receive", e);
        } finally {
            readLock.unlock();
        }
    }

    private byte[] readNow() {
        readLock.lock();
        try {
            int length = beginFrame();
            byte[] frame = new byte[length];
            readBody(frame, 0, length);
            return frame;
        } catch (IOException e) {
            throw failed("receive", e);
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Reads headers up to the next frame's, taking care of control frames on the way.
     *
     * @return the frame's length; {@link #chunkLength} says where its bytes are
     */
    private int beginFrame() throws IOException {
        while (true) {
            ensureOpen();
            fill(HEADER_BYTES);
            int header = readBuffer.getInt();
            if (header >= 0) {
                chunkLength = 0;
                return checkIncoming(header);
            }
            if (header == RING_CHUNK && sharedMemory) {
                return checkIncoming(readChunkDescriptor());
            }
            takeControl(header);
        }
    }

    /** Reads the payload of the frame {@link #beginFrame()} found. */
    private void readBody(byte[] target, int offset, int length) throws IOException {
        if (chunkLength == 0) {
            int buffered = Math.min(length, readBuffer.remaining());
            readBuffer.get(target, offset, buffered);
            ByteBuffer rest = ByteBuffer.wrap(target, offset + buffered, length - buffered);
            while (rest.hasRemaining()) {
                if (channel.read(rest) < 0) {
                    throw endOfStream(" in the middle of a " + length + "-byte message");
                }
            }
            return;
        }
        int done = 0;
        while (true) {
            FrameRing ring = incoming;
            if (!ring.pin()) {
                throw new ConnectionClosedException(closedBecause);
            }
            try {
                ring.read(target, offset + done, chunkLength);
            } finally {
                ring.unpin();
            }
            done += chunkLength;
            chunkLength = 0;
            if (done == length) {
                return;
            }
            if (nextChunk() != length - done) {
                throw protocolError("a shared-memory frame whose chunks do not add up to its " + length + " bytes");
            }
        }
    }

    /** @return the next chunk's {@code remaining}, skipping probes */
    private int nextChunk() throws IOException {
        while (true) {
            ensureOpen();
            fill(HEADER_BYTES);
            int header = readBuffer.getInt();
            if (header == RING_CHUNK) {
                return readChunkDescriptor();
            }
            if (header != PROBE) {
                throw protocolError("another frame (header " + header + ") in the middle of a shared-memory frame");
            }
        }
    }

    /** Reads and checks a ring chunk's descriptor, after its header. @return its {@code remaining} */
    private int readChunkDescriptor() throws IOException {
        fill(CHUNK_BYTES - HEADER_BYTES);
        int remaining = readBuffer.getInt();
        int chunk = readBuffer.getInt();
        long position = readBuffer.getLong();
        FrameRing ring = incoming;
        if (ring == null) {
            throw protocolError("a shared-memory frame without a shared-memory ring");
        }
        if (chunk <= 0 || chunk > remaining || chunk > ring.capacity() || position != ring.readPosition()) {
            throw protocolError("a bad shared-memory descriptor (" + chunk + " of " + remaining + " bytes at "
                    + position + ", expected at most " + ring.capacity() + " at " + ring.readPosition() + ")");
        }
        chunkLength = chunk;
        return remaining;
    }

    /** Takes a control frame (or fails on garbage), after its header. */
    private void takeControl(int header) throws IOException {
        if (header == PROBE && sharedMemory) {
            return;
        }
        if (header != RING_OFFER || !sharedMemory) {
            throw protocolError("a garbage frame header (length " + header + ")");
        }
        fill(OFFER_FIXED_BYTES - HEADER_BYTES);
        int capacity = readBuffer.getInt();
        long token = readBuffer.getLong();
        int nameLength = readBuffer.getShort() & 0xffff;
        if (offered || !FrameRing.validCapacity(capacity) || nameLength == 0 || nameLength > MAX_NAME_BYTES) {
            throw protocolError(offered ? "a second shared-memory ring offer"
                    : "a malformed shared-memory ring offer (capacity " + capacity + ", name of " + nameLength + " bytes)");
        }
        offered = true;
        fill(nameLength);
        byte[] name = new byte[nameLength];
        readBuffer.get(name);
        try {
            incoming = FrameRing.attach(new String(name, StandardCharsets.US_ASCII), token, capacity);
        } catch (IllegalArgumentException e) {
            throw protocolError("a shared-memory ring offer naming no ring file (" + e.getMessage() + ")");
        } catch (IOException | RuntimeException e) {
            return; // the peer keeps writing through the socket
        }
        if (closed) {
            incoming.close();
        }
    }

    private int checkIncoming(int length) {
        if (length > maxFrameBytes) {
            throw protocolError("a frame of " + length + " bytes, above this connection's maximum of " + maxFrameBytes);
        }
        return length;
    }

    private static byte[] takeReadAhead(CompletableFuture<byte[]> ahead) {
        try {
            return ahead.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new ConnectionException("reading ahead failed: " + e.getCause(), e.getCause());
        }
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
        return DEADLINES.schedule(() -> close(reason), timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** @return why the channel is closed, as later operations report it */
    public String closedReason() {
        return closedBecause;
    }

    /** @return whether the channel was closed, by either side's failure or by {@link #close()} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the channel and wakes any thread blocked on it.
     *
     * @param reason how later operations explain that it is closed
     */
    public void close(String reason) {
        if (!closed) {
            closedBecause = reason;
            closed = true;
        }
        OPEN.remove(this);
        try {
            channel.close();
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

    @Override
    public void close() {
        close("the connection was closed");
    }

    /**
     * Closes every channel of this process. At exit a JDK 17 JVM waits up to 300 ms for threads
     * blocked in a native read; closing their channels releases them at once.
     *
     * @param reason how later operations explain that the channels are closed
     */
    public static void closeAll(String reason) {
        for (FramedChannel channel : OPEN.toArray(FramedChannel[]::new)) {
            channel.close(reason);
        }
    }

    private ProtocolException protocolError(String problem) {
        close("the connection was closed after the peer sent " + problem);
        return new ProtocolException("peer sent " + problem + "; the connection is closed. Check that both"
                + " ends are mp4j connections, or raise maxFrameBytes if the message is legitimate");
    }

    private void fill(int needed) throws IOException {
        if (readBuffer.remaining() >= needed) {
            return;
        }
        readBuffer.compact();
        try {
            while (readBuffer.position() < needed) {
                if (channel.read(readBuffer) < 0) {
                    throw endOfStream(readBuffer.position() == 0 ? "" : " in the middle of a frame header");
                }
            }
        } finally {
            readBuffer.flip();
        }
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Gathers what is buffered and a large part into as few system calls as the socket allows. */
    private void writeFully(ByteBuffer[] buffers) throws IOException {
        while (buffers[buffers.length - 1].hasRemaining()) {
            channel.write(buffers);
        }
    }

    /**
     * A cancelled deadline leaves the queue at once: waiting there for its time (the handshake's
     * 30 s) it would keep its channel, and the channel's direct buffers, reachable after close.
     */
    private static ScheduledExecutorService deadlineExecutor() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, daemon("mp4j-connection-deadlines"));
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private void checkOutgoing(long length) {
        if (length > maxFrameBytes) {
            throw new ProtocolException("message of " + length + " bytes is larger than this connection's maximum of "
                    + maxFrameBytes + " bytes; nothing was sent. Split it, or raise maxFrameBytes on both ends");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new ConnectionClosedException(closedBecause);
        }
    }

    private ConnectionClosedException endOfStream(String where) {
        close("the other end closed the connection");
        return new ConnectionClosedException("the other end closed the connection" + where
                + " (its process may have exited or been killed)");
    }

    private ConnectionException failed(String operation, IOException e) {
        if (e instanceof java.nio.channels.ClosedByInterruptException) {
            closedBecause = INTERRUPTED;
            return new ConnectionClosedException(closedBecause, e);
        }
        if (e instanceof ClosedChannelException) {
            return new ConnectionClosedException(closed ? closedBecause : "the connection was closed during " + operation, e);
        }
        close("the connection failed: " + e.getMessage());
        return new ConnectionClosedException("cannot " + operation + ": the connection failed (" + e.getMessage()
                + "); the other end's process may have exited or been killed", e);
    }
}
