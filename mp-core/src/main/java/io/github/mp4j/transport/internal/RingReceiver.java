package io.github.mp4j.transport.internal;

import static io.github.mp4j.transport.internal.FrameFormat.CHUNK_BYTES;
import static io.github.mp4j.transport.internal.FrameFormat.HEADER_BYTES;
import static io.github.mp4j.transport.internal.FrameFormat.MAX_NAME_BYTES;
import static io.github.mp4j.transport.internal.FrameFormat.OFFER_FIXED_BYTES;
import static io.github.mp4j.transport.internal.FrameFormat.PROBE;
import static io.github.mp4j.transport.internal.FrameFormat.RING_CHUNK;
import static io.github.mp4j.transport.internal.FrameFormat.RING_OFFER;

import io.github.mp4j.connection.ConnectionClosedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The reader's half of the shared-memory ring protocol (the frames are drawn in
 * {@link FrameFormat}); runs under the {@link FrameReader}'s lock and takes its control frames
 * from that reader's buffer.
 * <ul>
 *   <li><em>Offer.</em> The reader maps the offered ring, unlinks its file and marks it attached.
 *       A reader that cannot map it (its peer is another user, or in another {@code /dev/shm})
 *       ignores the offer and the writer keeps using the socket. A malformed offer, a second
 *       offer, or a file name that is not a plain ring file name in that directory is a protocol
 *       error.</li>
 *   <li><em>Chunks.</em> Every descriptor is checked before a byte is copied: a ring exists,
 *       {@code 0 < chunk <= remaining}, {@code chunk <= capacity}, {@code position} is the read
 *       position, the frame is within the maximum; the chunks of a frame come in a row (probes
 *       aside) and add up to it. Anything else is a protocol error. A descriptor's place in the
 *       socket stream is its frame's place, so ring frames and socket frames mix freely.</li>
 *   <li><em>Probes</em> are skipped.</li>
 * </ul>
 */
final class RingReceiver {

    private final SocketLink link;
    /** Whether the peer offered its ring. */
    private boolean offered;
    /** The length of the current frame's current chunk, or 0 for a frame in the socket. */
    private int chunkLength;

    RingReceiver(SocketLink link) {
        this.link = link;
    }

    /**
     * @param buffered the reader's buffer, at a control frame's header
     * @return the bytes of that control frame, or {@link Integer#MAX_VALUE} if too little of it
     *     is buffered to tell
     */
    static int controlFrameBytes(ByteBuffer buffered) {
        if (buffered.getInt(buffered.position()) != RING_OFFER) {
            return HEADER_BYTES;
        }
        return buffered.remaining() < OFFER_FIXED_BYTES ? Integer.MAX_VALUE
                : OFFER_FIXED_BYTES + (buffered.getShort(buffered.position() + OFFER_FIXED_BYTES - 2) & 0xffff);
    }

    /**
     * @param buffered the reader's buffer, at a ring chunk's header
     * @return whether the descriptors of all of that frame's chunks are buffered (probes between
     *     them aside), so that reading the frame does not block; also {@code true} when they do not
     *     make a frame, so that reading it reports the protocol error
     */
    static boolean wholeFrameDescribed(ByteBuffer buffered) {
        int at = buffered.position();
        int end = buffered.limit();
        while (end - at >= CHUNK_BYTES) {
            int header = buffered.getInt(at);
            if (header == PROBE) {
                at += HEADER_BYTES;
                continue;
            }
            int remaining = buffered.getInt(at + 4);
            int chunk = buffered.getInt(at + 8);
            if (header != RING_CHUNK || chunk <= 0 || chunk >= remaining) {
                return true;
            }
            at += CHUNK_BYTES;
        }
        return false;
    }

    /** The frame just begun is in the socket. */
    void socketFrame() {
        chunkLength = 0;
    }

    /** @return whether the frame just begun is in the ring */
    boolean inRing() {
        return chunkLength != 0;
    }

    /** Copies a frame out of the ring, chunk by chunk. */
    void readBody(byte[] target, int offset, int length, FrameReader in) throws IOException {
        int done = 0;
        while (true) {
            FrameRing ring = link.incoming();
            if (!ring.pin()) {
                throw new ConnectionClosedException(link.closedReason());
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
            if (nextChunk(in) != length - done) {
                throw link.protocolError("a shared-memory frame whose chunks do not add up to its " + length + " bytes");
            }
        }
    }

    /**
     * Takes a control frame other than a first chunk (or fails on garbage), after its header.
     *
     * @param header the header, already read
     * @param in the reader, whose lock the caller holds
     */
    void takeControl(int header, FrameReader in) throws IOException {
        boolean trusted = link.sharedMemory();
        if (header == PROBE && trusted) {
            return;
        }
        if (header != RING_OFFER || !trusted) {
            throw link.protocolError("a garbage frame header (length " + header + ")");
        }
        ByteBuffer buffer = in.fill(OFFER_FIXED_BYTES - HEADER_BYTES);
        int capacity = buffer.getInt();
        long token = buffer.getLong();
        int nameLength = buffer.getShort() & 0xffff;
        if (offered || !FrameRing.validCapacity(capacity) || nameLength == 0 || nameLength > MAX_NAME_BYTES) {
            throw link.protocolError(offered ? "a second shared-memory ring offer"
                    : "a malformed shared-memory ring offer (capacity " + capacity + ", name of " + nameLength + " bytes)");
        }
        offered = true;
        byte[] name = new byte[nameLength];
        in.fill(nameLength).get(name);
        FrameRing ring;
        try {
            ring = FrameRing.attach(new String(name, StandardCharsets.US_ASCII), token, capacity);
        } catch (IllegalArgumentException e) {
            throw link.protocolError("a shared-memory ring offer naming no ring file (" + e.getMessage() + ")");
        } catch (IOException | RuntimeException e) {
            return; // the peer keeps writing through the socket
        }
        link.adoptIncoming(ring);
    }

    /** @return the next chunk's {@code remaining}, skipping probes */
    private int nextChunk(FrameReader in) throws IOException {
        while (true) {
            link.ensureOpen();
            int header = in.fill(HEADER_BYTES).getInt();
            if (header == RING_CHUNK) {
                return takeChunk(in);
            }
            if (header != PROBE) {
                throw link.protocolError("another frame (header " + header + ") in the middle of a shared-memory frame");
            }
        }
    }

    /**
     * Reads and checks a ring chunk's descriptor, after its header.
     *
     * @param in the reader, whose lock the caller holds
     * @return its {@code remaining}: for a frame's first chunk, the frame's length
     */
    int takeChunk(FrameReader in) throws IOException {
        ByteBuffer buffer = in.fill(CHUNK_BYTES - HEADER_BYTES);
        int remaining = buffer.getInt();
        int chunk = buffer.getInt();
        long position = buffer.getLong();
        FrameRing ring = link.incoming();
        if (ring == null) {
            throw link.protocolError("a shared-memory frame without a shared-memory ring");
        }
        if (chunk <= 0 || chunk > remaining || chunk > ring.capacity() || position != ring.readPosition()) {
            throw link.protocolError("a bad shared-memory descriptor (" + chunk + " of " + remaining + " bytes at "
                    + position + ", expected at most " + ring.capacity() + " at " + ring.readPosition() + ")");
        }
        chunkLength = chunk;
        return remaining;
    }
}
