package io.github.mp4j.transport.internal;

import io.github.mp4j.resource.MappedSegment;
import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * The bytes of large frames going one way over a local connection: a single-producer,
 * single-consumer ring in a {@link MappedSegment}. The writing process creates it and offers it
 * to the reading process in the socket stream; each frame's bytes are then copied into the ring
 * and only a descriptor travels in the socket (see {@link FrameFormat} for the wire format).
 * The socket keeps the frames in order and wakes the reader; the ring saves the copies into and
 * out of the kernel.
 *
 * <pre>
 *   offset  size  field                                       written by
 *  -------  ----  ------------------------------------------  ------------------------------------
 *        0     8  magic "MP4JRNG1"                            writer, before the offer is sent
 *        8     4  capacity C (a power of two)                 writer, before the offer is sent
 *       16     8  token (random; the offer repeats it)        writer, before the offer is sent
 *       24     4  attached (0, then 1)                        reader, release, once it has mapped
 *                                                             and unlinked the file
 *       64     8  read position: bytes consumed so far        reader, release, after copying out
 *      128     C  data: stream byte p is at 128 + (p mod C)   writer, before sending the descriptor
 * </pre>
 *
 * <p>The writer keeps its write position to itself: each descriptor carries the position of its
 * chunk, which must be the reader's read position, and the writer may overwrite only what the
 * reader has released ({@code write position - read position <= C}).
 */
public final class FrameRing implements AutoCloseable {

    /** Bytes of data in a ring that {@link #create()} makes. */
    public static final int DEFAULT_CAPACITY = 4 << 20;
    /** Smallest and largest capacities an offer may name. */
    public static final int MIN_CAPACITY = 64 << 10;
    public static final int MAX_CAPACITY = 1 << 30;

    private static final String SUFFIX = "ring";
    private static final long MAGIC = 0x4d50344a524e4731L;
    private static final int MAGIC_AT = 0;
    private static final int CAPACITY_AT = 8;
    private static final int TOKEN_AT = 16;
    private static final int ATTACHED_AT = 24;
    private static final int READ_POSITION_AT = 64;
    private static final int DATA_AT = 128;

    private final MappedSegment segment;
    private final int capacity;
    private final long token;
    /** The writer's next position, or the reader's: bytes written, or consumed, so far. */
    private long position;

    private FrameRing(MappedSegment segment, int capacity, long token) {
        this.segment = segment;
        this.capacity = capacity;
        this.token = token;
    }

    /**
     * The writer's side: a new ring, to be offered to the reader.
     *
     * @return the ring
     * @throws IOException if there is no room for it
     */
    public static FrameRing create() throws IOException {
        MappedSegment segment = MappedSegment.create(SUFFIX, DATA_AT + DEFAULT_CAPACITY);
        FrameRing ring = new FrameRing(segment, DEFAULT_CAPACITY, ByteBuffer.wrap(HmacSha256.nonce(8)).getLong());
        segment.putLong(MAGIC_AT, MAGIC);
        segment.putInt(CAPACITY_AT, DEFAULT_CAPACITY);
        segment.putLong(TOKEN_AT, ring.token);
        VarHandle.releaseFence();
        return ring;
    }

    /**
     * The reader's side: maps the ring the writer offered, and unlinks its file.
     *
     * @param name the file's name, from the offer
     * @param token the token, from the offer
     * @param capacity the capacity, from the offer; already checked with {@link #validCapacity}
     * @return the ring
     * @throws IllegalArgumentException if {@code name} cannot name a ring file
     * @throws IOException if this process cannot use that ring (another machine's or user's
     *     peer, say): the writer then keeps sending through the socket
     */
    public static FrameRing attach(String name, long token, int capacity) throws IOException {
        MappedSegment segment = MappedSegment.open(name, SUFFIX, DATA_AT + capacity);
        VarHandle.acquireFence();
        if (segment.getLong(MAGIC_AT) != MAGIC || segment.getInt(CAPACITY_AT) != capacity
                || segment.getLong(TOKEN_AT) != token) {
            segment.close();
            throw new IOException("the ring file " + name + " does not match the offer");
        }
        segment.unlink();
        segment.setIntRelease(ATTACHED_AT, 1);
        return new FrameRing(segment, capacity, token);
    }

    /**
     * @param capacity a capacity named by an offer
     * @return whether a ring may have it
     */
    public static boolean validCapacity(int capacity) {
        return capacity >= MIN_CAPACITY && capacity <= MAX_CAPACITY && Integer.bitCount(capacity) == 1;
    }

    /** @return the file's name, for the offer */
    public String name() {
        return segment.name();
    }

    /** @return the token, for the offer */
    public long token() {
        return token;
    }

    /** @return the capacity */
    public int capacity() {
        return capacity;
    }

    /** @return whether the reader has mapped the ring, so that the writer may use it */
    public boolean attached() {
        return segment.getIntAcquire(ATTACHED_AT) != 0;
    }

    /** @return the bytes the reader has released so far */
    public long consumed() {
        return segment.getLongAcquire(READ_POSITION_AT);
    }

    /** @return the bytes the writer may write now */
    public int room() {
        return (int) (capacity - (position - consumed()));
    }

    /** @return the reader's expected position of the next chunk */
    public long readPosition() {
        return position;
    }

    /**
     * The writer's side: copies the next chunk in; the caller made sure there is {@link #room()}.
     *
     * @param parts where the bytes come from, in order; their positions advance
     * @param length the chunk's length
     * @return the chunk's position, for its descriptor
     */
    public long write(ByteBuffer[] parts, int length) {
        int at = (int) (position & (capacity - 1));
        int left = length;
        for (ByteBuffer part : parts) {
            while (left > 0 && part.hasRemaining()) {
                int piece = Math.min(Math.min(part.remaining(), left), capacity - at);
                segment.put(DATA_AT + at, part, piece);
                at = (at + piece) & (capacity - 1);
                left -= piece;
            }
        }
        VarHandle.releaseFence();
        long chunkPosition = position;
        position += length;
        return chunkPosition;
    }

    /**
     * The reader's side: copies the next chunk out and releases its room to the writer. The
     * caller has checked its descriptor: at {@link #readPosition()}, at most the capacity.
     *
     * @param target where to
     * @param offset where in {@code target}
     * @param length the chunk's length
     */
    public void read(byte[] target, int offset, int length) {
        VarHandle.acquireFence();
        int at = (int) (position & (capacity - 1));
        int first = Math.min(length, capacity - at);
        segment.get(DATA_AT + at, target, offset, first);
        segment.get(DATA_AT, target, offset + first, length - first);
        position += length;
        segment.setLongRelease(READ_POSITION_AT, position);
    }

    /** Unmaps the ring (once no copy is in progress) and removes its file if it is still there. */
    @Override
    public void close() {
        segment.close();
    }

    /**
     * Pins the mapping: every other method but {@link #close()} runs between a successful pin and
     * {@link #unpin()}, since the channel may be closed by another thread at any time.
     *
     * @return {@code false} if the ring is closed
     */
    public boolean pin() {
        return segment.enter();
    }

    /** Ends a successful {@link #pin()}. */
    public void unpin() {
        segment.exit();
    }
}
