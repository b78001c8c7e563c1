package io.github.mp4j.transport.internal;

import static io.github.mp4j.transport.internal.FrameFormat.HEADER_BYTES;
import static io.github.mp4j.transport.internal.FrameFormat.RING_CHUNK;

import io.github.mp4j.connection.BufferTooShortException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The reading side of a framed channel: headers come through one direct buffer, which also holds
 * whatever else the socket had ready; a payload is copied from that buffer and then read from the
 * socket straight into its array, or comes out of the peer's ring ({@link RingReceiver}). A whole
 * frame is read into memory before anyone looks at it; a length above the maximum, or any other
 * negative header, is a protocol error that closes the channel before anything is allocated.
 * Frames are read by one thread at a time, like Python's connections.
 */
public final class FrameReader {

    private static final int BUFFER_BYTES = 64 << 10;

    private final SocketLink link;
    private final RingReceiver ring;
    private final ReentrantLock lock = new ReentrantLock();
    /** Unread bytes are between position and limit. */
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).flip();

    /** @param link the channel's socket and state */
    public FrameReader(SocketLink link) {
        this.link = link;
        this.ring = new RingReceiver(link);
    }

    /** @return whether this side has mapped the peer's ring, and so reads its large frames from shared memory */
    public boolean throughSharedMemory() {
        return link.incoming() != null && !link.isClosed();
    }

    /** @return whether bytes have arrived that nobody has read yet (not synchronized: a hint) */
    boolean hasBuffered() {
        return buffer.hasRemaining();
    }

    /**
     * Reads the next frame, waiting as long as it takes.
     *
     * @return the frame's payload
     */
    public byte[] read() {
        lock.lock();
        try {
            int length = beginFrame();
            byte[] frame = new byte[length];
            readBody(frame, 0, length);
            return frame;
        } catch (IOException e) {
            throw link.receiveFailed(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the next frame into the caller's array.
     *
     * @param target where to put it
     * @param offset where in {@code target} to start
     * @return the frame's length
     * @throws BufferTooShortException if it does not fit; the frame is in the exception
     */
    public int readInto(byte[] target, int offset) {
        int room = target.length - offset;
        lock.lock();
        try {
            int length = beginFrame();
            if (length > room) {
                byte[] frame = new byte[length];
                readBody(frame, 0, length);
                throw new BufferTooShortException(frame, room);
            }
            readBody(target, offset, length);
            return length;
        } catch (IOException e) {
            throw link.receiveFailed(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the next frame only if all of it has already arrived, taking the control frames
     * that have arrived before it.
     *
     * @return the frame, or {@code null} if it has not all arrived
     */
    public byte[] readBuffered() {
        lock.lock();
        try {
            while (buffer.remaining() >= HEADER_BYTES) {
                int header = buffer.getInt(buffer.position());
                int buffered = buffer.remaining();
                if (header >= 0 && header <= link.maxFrameBytes() && header > buffered - HEADER_BYTES) {
                    return null;
                }
                if (header >= 0 || !link.sharedMemory()) {
                    return read();
                }
                if (header == RING_CHUNK) {
                    // a frame of several chunks waits until all its descriptors are here: later ones may be yet to come
                    return RingReceiver.wholeFrameDescribed(buffer) ? read() : null;
                }
                if (buffered < RingReceiver.controlFrameBytes(buffer)) {
                    return null;
                }
                ring.takeControl(buffer.getInt(), this);
            }
            return null;
        } catch (IOException e) {
            throw link.receiveFailed(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads headers up to the next frame's, taking control frames on the way.
     *
     * @return the frame's length; the {@link RingReceiver} knows whether its bytes are in the ring
     */
    private int beginFrame() throws IOException {
        while (true) {
            link.ensureOpen();
            int header = fill(HEADER_BYTES).getInt();
            if (header >= 0) {
                ring.socketFrame();
                return link.checkIncoming(header);
            }
            if (header == RING_CHUNK && link.sharedMemory()) {
                return link.checkIncoming(ring.takeChunk(this));
            }
            ring.takeControl(header, this);
        }
    }

    /** Reads the payload of the frame {@link #beginFrame()} found. */
    private void readBody(byte[] target, int offset, int length) throws IOException {
        if (ring.inRing()) {
            ring.readBody(target, offset, length, this);
            return;
        }
        int buffered = Math.min(length, buffer.remaining());
        buffer.get(target, offset, buffered);
        ByteBuffer rest = ByteBuffer.wrap(target, offset + buffered, length - buffered);
        while (rest.hasRemaining()) {
            if (link.read(rest) < 0) {
                throw link.endOfStream(" in the middle of a " + length + "-byte message");
            }
        }
    }

    /**
     * For {@link RingReceiver} too, under this reader's lock: the buffer, with at least
     * {@code needed} unread bytes, reading from the socket if need be.
     */
    ByteBuffer fill(int needed) throws IOException {
        if (buffer.remaining() >= needed) {
            return buffer;
        }
        buffer.compact();
        try {
            while (buffer.position() < needed) {
                if (link.read(buffer) < 0) {
                    throw link.endOfStream(buffer.position() == 0 ? "" : " in the middle of a frame header");
                }
            }
        } finally {
            buffer.flip();
        }
        return buffer;
    }
}
