package io.github.mp4j.transport.internal;

import static io.github.mp4j.transport.internal.FrameFormat.CHUNK_BYTES;
import static io.github.mp4j.transport.internal.FrameFormat.HEADER_BYTES;
import static io.github.mp4j.transport.internal.FrameFormat.OFFER_FIXED_BYTES;
import static io.github.mp4j.transport.internal.FrameFormat.PROBE;
import static io.github.mp4j.transport.internal.FrameFormat.RING_CHUNK;
import static io.github.mp4j.transport.internal.FrameFormat.RING_OFFER;

import io.github.mp4j.connection.ConnectionClosedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The writer's half of the shared-memory ring protocol (the frames are drawn in
 * {@link FrameFormat}); runs under the {@link FrameWriter}'s lock and writes its control frames
 * into that writer's buffer, so that they keep their place among the socket frames.
 * <ul>
 *   <li><em>Set-up.</em> The first frame of {@value #RING_THRESHOLD} bytes or more makes this side
 *       create its {@link FrameRing} and send a <em>ring offer</em>; that frame and the next ones
 *       still go through the socket until the reader has mapped the ring and marked it attached.
 *       If no ring can be made, every frame goes through the socket.</li>
 *   <li><em>Frames.</em> A frame goes as ring chunks of at most a quarter of the ring each, in a
 *       row.</li>
 *   <li><em>A full ring.</em> The writer waits: it yields, then parks for growing intervals (up to
 *       {@value #MAX_PARK_MICROS} µs), never spins. While the reader releases nothing it sends a
 *       <em>probe</em> every {@value #PROBE_INTERVAL_MILLIS} ms, so that a reader that died or
 *       closed surfaces as a failed write, as it would on the socket path; a reader that is alive
 *       but not reading holds the writer as a full socket would.</li>
 * </ul>
 */
final class RingSender {

    /** Frames from this size on go through shared memory when they can. */
    static final int RING_THRESHOLD = 64 << 10;
    static final int MAX_PARK_MICROS = 1000;
    static final int PROBE_INTERVAL_MILLIS = 50;

    private static final int YIELDS_BEFORE_PARKING = 8;
    private static final long MIN_PARK_NANOS = 10_000;

    private final SocketLink link;
    /** Whether this side could not make a ring; guarded by the writer's lock. */
    private boolean noRing;

    RingSender(SocketLink link) {
        this.link = link;
    }

    /** @return whether the reader has attached this side's ring */
    boolean attached() {
        FrameRing ring = link.outgoing();
        if (ring == null || !ring.pin()) {
            return false;
        }
        try {
            return ring.attached();
        } finally {
            ring.unpin();
        }
    }

    /**
     * @param out the writer, whose lock the caller holds
     * @return the ring, pinned, if the reader has attached it; else {@code null}, after offering a
     *     ring if none was offered yet
     */
    FrameRing attachedRing(FrameWriter out) throws IOException {
        if (!link.sharedMemory() || noRing) {
            return null;
        }
        FrameRing ring = link.outgoing();
        if (ring == null) {
            offer(out);
            return null;
        }
        if (!ring.pin()) {
            throw new ConnectionClosedException(link.closedReason());
        }
        if (ring.attached()) {
            return ring;
        }
        ring.unpin();
        return null;
    }

    private void offer(FrameWriter out) throws IOException {
        FrameRing ring;
        try {
            ring = FrameRing.create();
        } catch (IOException | RuntimeException e) {
            noRing = true;
            return;
        }
        link.adoptOutgoing(ring);
        if (link.isClosed()) {
            return;
        }
        byte[] name = ring.name().getBytes(StandardCharsets.US_ASCII);
        out.reserve(OFFER_FIXED_BYTES + name.length).putInt(RING_OFFER).putInt(ring.capacity()).putLong(ring.token())
                .putShort((short) name.length).put(name);
    }

    /**
     * Copies one frame into the ring, chunk by chunk, and buffers a descriptor for each.
     *
     * @param ring the ring, pinned
     * @param parts the frame's bytes; consumed
     * @param length their total
     * @param out the writer, whose lock the caller holds
     */
    void write(FrameRing ring, ByteBuffer[] parts, int length, FrameWriter out) throws IOException {
        int maxChunk = ring.capacity() / 4;
        for (int remaining = length; remaining > 0; ) {
            int chunk = Math.min(remaining, maxChunk);
            awaitRoom(ring, chunk, out);
            long position = ring.write(parts, chunk);
            out.reserve(CHUNK_BYTES).putInt(RING_CHUNK).putInt(remaining).putInt(chunk).putLong(position);
            remaining -= chunk;
        }
    }

    /** Waits, without spinning, until the reader has released room for {@code bytes}. */
    private void awaitRoom(FrameRing ring, int bytes, FrameWriter out) throws IOException {
        if (ring.room() >= bytes) {
            return;
        }
        out.drain();
        long consumed = ring.consumed();
        long lastSign = System.nanoTime();
        for (int idle = 0; ring.room() < bytes; idle++) {
            link.ensureOpen();
            if (idle < YIELDS_BEFORE_PARKING) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(Math.min(MAX_PARK_MICROS * 1000L, MIN_PARK_NANOS << Math.min(idle - YIELDS_BEFORE_PARKING, 20)));
            }
            if (Thread.interrupted()) {
                // what the socket throws when a thread blocked in it is interrupted
                throw link.interrupted(SocketLink.ROOM_TO_SEND, new ClosedByInterruptException());
            }
            long now = System.nanoTime();
            if (ring.consumed() != consumed) {
                consumed = ring.consumed();
                lastSign = now;
                idle = 0;
            } else if (now - lastSign >= TimeUnit.MILLISECONDS.toNanos(PROBE_INTERVAL_MILLIS)) {
                out.reserve(HEADER_BYTES).putInt(PROBE);
                out.drain();
                lastSign = now;
            }
        }
    }
}
