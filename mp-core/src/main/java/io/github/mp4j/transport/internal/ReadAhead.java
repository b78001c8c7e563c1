package io.github.mp4j.transport.internal;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.connection.BufferTooShortException;
import io.github.mp4j.connection.ConnectionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The reading side of a framed channel as its callers see it: a {@link FrameReader} that can also
 * wait for a frame with a timeout. The socket stays in blocking mode, so waiting with a timeout
 * ({@link #readable()}, {@link #awaitReadable}) reads the next frame ahead on a helper thread; the
 * next read takes that frame. Without a wait in progress every read goes straight to the reader,
 * on the caller's thread.
 */
public final class ReadAhead {

    private static final ExecutorService READ_AHEAD = Executors.newCachedThreadPool(DaemonThreads.named("mp4j-read-ahead"));

    private final SocketLink link;
    private final FrameReader reader;
    private final Object lock = new Object();
    /** A frame being read, or read, ahead of the next read; guarded by lock. */
    private CompletableFuture<byte[]> ahead;

    /**
     * @param link the channel's socket and state
     * @param reader the channel's reader
     */
    public ReadAhead(SocketLink link, FrameReader reader) {
        this.link = link;
        this.reader = reader;
    }

    /**
     * Reads the next frame, waiting as long as it takes.
     *
     * @return the frame's payload
     */
    public byte[] read() {
        CompletableFuture<byte[]> frame = take();
        return frame != null ? join(frame) : reader.read();
    }

    /**
     * Reads the next frame into the caller's array.
     *
     * @param buffer where to put it
     * @param offset where in {@code buffer} to start
     * @return the frame's length
     * @throws BufferTooShortException if it does not fit; the frame is in the exception
     */
    public int readInto(byte[] buffer, int offset) {
        CompletableFuture<byte[]> read = take();
        if (read == null) {
            return reader.readInto(buffer, offset);
        }
        byte[] frame = join(read);
        int room = buffer.length - offset;
        if (frame.length > room) {
            throw new BufferTooShortException(frame, room);
        }
        System.arraycopy(frame, 0, buffer, offset, frame.length);
        return frame.length;
    }

    /**
     * Reads the next frame only if all of it has already arrived.
     *
     * @return the frame, or {@code null} without blocking if it has not all arrived
     */
    public byte[] readBuffered() {
        synchronized (lock) {
            if (ahead != null) {
                if (!ahead.isDone()) {
                    return null;
                }
                return join(take());
            }
        }
        return reader.readBuffered();
    }

    /**
     * Waits until a frame (or the end of the stream) can be read without blocking.
     *
     * @param timeoutNanos how long to wait; 0 checks without waiting, negative waits forever
     * @return whether something can be read now
     * @throws MpInterruptedException if the thread is interrupted while it waits; the channel
     *     stays usable, and the frame read ahead goes to the next read
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
            throw new MpInterruptedException(SocketLink.A_MESSAGE, e);
        }
    }

    /**
     * @return a future that completes once a frame (or the end of the stream, or a failure) can be
     *     read without blocking; reading ahead on a helper thread if nothing is buffered yet
     */
    public CompletableFuture<?> readable() {
        synchronized (lock) {
            if (ahead != null) {
                return ahead;
            }
            if (link.isClosed() || reader.hasBuffered()) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<byte[]> frame = new CompletableFuture<>();
            ahead = frame;
            READ_AHEAD.execute(() -> {
                try {
                    frame.complete(reader.read());
                } catch (Throwable t) {
                    frame.completeExceptionally(t);
                }
            });
            return frame;
        }
    }

    private CompletableFuture<byte[]> take() {
        synchronized (lock) {
            CompletableFuture<byte[]> frame = ahead;
            ahead = null;
            return frame;
        }
    }

    /**
     * Waits for the frame read ahead. Interrupted, it leaves the frame to the next read: the
     * helper thread, not this one, is in the socket, so nothing of the stream is lost.
     */
    private byte[] join(CompletableFuture<byte[]> frame) {
        try {
            return frame.get();
        } catch (InterruptedException e) {
            synchronized (lock) {
                if (ahead == null) {
                    ahead = frame;
                }
            }
            throw new MpInterruptedException(SocketLink.A_MESSAGE, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new ConnectionException("reading ahead failed: " + e.getCause(), e.getCause());
        }
    }
}
