package io.github.mp4j.transport.internal;

import static io.github.mp4j.transport.internal.FrameFormat.HEADER_BYTES;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writing side of a framed channel: frames go out through one direct buffer, so that many
 * small frames cost one system call; a part too large for the buffer goes to the socket directly,
 * gathered with what is buffered; a frame of {@link RingSender#RING_THRESHOLD} bytes or more goes
 * through the shared-memory ring once the reader has attached it. One thread writes at a time.
 */
public final class FrameWriter {

    private static final int BUFFER_BYTES = 64 << 10;

    private final SocketLink link;
    private final RingSender ring;
    private final ReentrantLock lock = new ReentrantLock();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);

    /** @param link the channel's socket and state */
    public FrameWriter(SocketLink link) {
        this.link = link;
        this.ring = new RingSender(link);
    }

    /** @return whether large frames go through shared memory (the peer attached this side's ring) */
    public boolean throughSharedMemory() {
        return ring.attached();
    }

    /**
     * Writes one frame.
     *
     * @param payload the frame's bytes, from position to limit; consumed
     */
    public void write(ByteBuffer payload) {
        int length = payload.remaining();
        link.checkOutgoing(length);
        if (length > BUFFER_BYTES - HEADER_BYTES || length >= RingSender.RING_THRESHOLD) {
            writeBatch(List.<ByteBuffer[]>of(new ByteBuffer[] {payload}));
            return;
        }
        lock.lock();
        try {
            link.ensureOpen();
            buffer.clear();
            buffer.putInt(length).put(payload);
            drain();
        } catch (IOException e) {
            throw link.sendFailed(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds one frame, header and payload, to a buffer of frames that {@link #writeFramed} writes
     * later.
     *
     * @param frames where to add it; must have room for the header and the payload
     * @param payload the frame's bytes, from position to limit; consumed
     */
    public void appendFrame(ByteBuffer frames, ByteBuffer payload) {
        link.checkOutgoing(payload.remaining());
        frames.putInt(payload.remaining()).put(payload);
    }

    /**
     * Writes frames added to a buffer by {@link #appendFrame}, as they are.
     *
     * @param frames the frames, from position to limit; consumed
     */
    public void writeFramed(ByteBuffer frames) {
        lock.lock();
        try {
            link.ensureOpen();
            writeFully(frames);
        } catch (IOException e) {
            throw link.sendFailed(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes several frames, each made of parts, with as few system calls as the buffer allows.
     *
     * @param frames each frame's parts, consumed
     */
    public void writeBatch(List<ByteBuffer[]> frames) {
        for (ByteBuffer[] parts : frames) {
            link.checkOutgoing(remaining(parts));
        }
        lock.lock();
        try {
            link.ensureOpen();
            buffer.clear();
            for (ByteBuffer[] parts : frames) {
                long length = remaining(parts);
                FrameRing attached = length >= RingSender.RING_THRESHOLD ? ring.attachedRing(this) : null;
                if (attached != null) {
                    try {
                        ring.write(attached, parts, (int) length, this);
                    } finally {
                        attached.unpin();
                    }
                } else {
                    bufferFrame(parts, (int) length);
                }
            }
            drain();
        } catch (IOException e) {
            throw link.sendFailed(e);
        } finally {
            lock.unlock();
        }
    }

    private void bufferFrame(ByteBuffer[] parts, int length) throws IOException {
        reserve(HEADER_BYTES).putInt(length);
        for (ByteBuffer part : parts) {
            if (part.remaining() <= buffer.remaining()) {
                buffer.put(part);
            } else if (part.remaining() <= BUFFER_BYTES) {
                drain();
                buffer.put(part);
            } else {
                // gathers what is buffered and the large part into as few system calls as the socket allows
                buffer.flip();
                ByteBuffer[] both = {buffer, part};
                while (part.hasRemaining()) {
                    link.write(both);
                }
                buffer.clear();
            }
        }
    }

    /**
     * For {@link RingSender}, under this writer's lock: the buffer, drained first if it has less
     * than {@code bytes} of room.
     */
    ByteBuffer reserve(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            drain();
        }
        return buffer;
    }

    /** Writes out what is buffered. */
    void drain() throws IOException {
        buffer.flip();
        writeFully(buffer);
        buffer.clear();
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            link.write(bytes);
        }
    }

    private static long remaining(ByteBuffer[] parts) {
        long length = 0;
        for (ByteBuffer part : parts) {
            length += part.remaining();
        }
        return length;
    }
}
