package io.github.mp4j.connection.internal;

import io.github.mp4j.connection.ConnectionClosedException;
import io.github.mp4j.connection.ConnectionException;
import io.github.mp4j.connection.ProtocolException;
import java.io.Closeable;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Length-prefixed frames over a connected socket channel.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            payload length (int32, big-endian, &gt;= 0)          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  payload (length bytes) ...                   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * A whole frame is read into memory before anyone looks at it. A negative length, or one above
 * the maximum, is a protocol error that closes the channel before anything is allocated.
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

    private static final int BUFFER_BYTES = 64 << 10;
    /** Asked of the kernel, which caps it (net.core.wmem_max): fewer wake-ups per large message. */
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;
    /** Every channel not yet closed, so that a process can close them all as it exits. */
    private static final Set<FramedChannel> OPEN = ConcurrentHashMap.newKeySet();
    private static final ExecutorService READ_AHEAD = Executors.newCachedThreadPool(daemon("mp4j-read-ahead"));
    private static final ScheduledExecutorService DEADLINES =
            Executors.newSingleThreadScheduledExecutor(daemon("mp4j-connection-deadlines"));

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
            channel.configureBlocking(true);
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
        } catch (IOException | UnsupportedOperationException e) {
            throw new ConnectionException("cannot configure socket: " + e, e);
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
     * Writes one frame.
     *
     * @param payload the frame's bytes, from position to limit; consumed
     */
    public void write(ByteBuffer payload) {
        int length = payload.remaining();
        checkOutgoing(length);
        if (length > BUFFER_BYTES - HEADER_BYTES) {
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
     * Small frames are gathered in one buffer; large parts go to the socket directly.
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
            if (readBuffer.remaining() < HEADER_BYTES) {
                return null;
            }
            int length = readBuffer.getInt(readBuffer.position());
            if (length >= 0 && length > readBuffer.remaining() - HEADER_BYTES && length <= maxFrameBytes) {
                return null;
            }
            return readNow();
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

    private byte[] readNow() {
        readLock.lock();
        try {
            int length = readHeader();
            byte[] frame = new byte[length];
            int buffered = Math.min(length, readBuffer.remaining());
            readBuffer.get(frame, 0, buffered);
            if (buffered < length) {
                ByteBuffer rest = ByteBuffer.wrap(frame, buffered, length - buffered);
                while (rest.hasRemaining()) {
                    if (channel.read(rest) < 0) {
                        throw endOfStream(" in the middle of a " + length + "-byte message");
                    }
                }
            }
            return frame;
        } catch (IOException e) {
            throw failed("receive", e);
        } finally {
            readLock.unlock();
        }
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

    private int readHeader() throws IOException {
        ensureOpen();
        fill(HEADER_BYTES);
        int length = readBuffer.getInt();
        if (length < 0 || length > maxFrameBytes) {
            String problem = length < 0
                    ? "a garbage frame header (length " + length + ")"
                    : "a frame of " + length + " bytes, above this connection's maximum of " + maxFrameBytes;
            close("the connection was closed after the peer sent " + problem);
            throw new ProtocolException("peer sent " + problem + "; the connection is closed. Check that both"
                    + " ends are mp4j connections, or raise maxFrameBytes if the message is legitimate");
        }
        return length;
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
            closedBecause = "the connection was closed because a thread using it was interrupted"
                    + " (interrupting a thread in socket I/O closes the socket)";
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
