package io.github.mp4j.transport.internal;

/**
 * The frames of a framed channel as they travel in the socket stream. Every frame starts with a
 * 4-byte big-endian header: a length (&gt;= 0) announces a data frame; a negative header is a
 * control frame of the shared-memory ring protocol, or garbage.
 *
 * <pre>
 *  data frame  +------------------------------------+--------------------------------------+
 *              | length (int32, big-endian, &gt;= 0)  | payload (length bytes)               |
 *              +------------------------------------+--------------------------------------+
 *
 *  ring chunk  +------------+-------------------+---------------+---------------------------+
 *  (20 bytes)  | 0x80000001 | remaining (int32) | chunk (int32) | position (int64)          |
 *              +------------+-------------------+---------------+---------------------------+
 *
 *  ring offer  +------------+-------------------+---------------+---------------------+------+
 *  (18 + n)    | 0x80000002 | capacity (int32)  | token (int64) | name length n (u16) | name |
 *              +------------+-------------------+---------------+---------------------+------+
 *
 *  probe       +------------+
 *  (4 bytes)   | 0x80000003 |
 *              +------------+
 * </pre>
 *
 * A <em>ring chunk</em> says that the next {@code chunk} bytes of a frame are in the peer's
 * {@link FrameRing} at stream {@code position}; {@code remaining} counts the frame's bytes from
 * this chunk on, so the first chunk gives the frame's length. A <em>ring offer</em> names the
 * writer's ring file (US-ASCII, at most {@value #MAX_NAME_BYTES} bytes) and repeats the token
 * written in it. A <em>probe</em> carries nothing: the reader skips it, and the writer learns
 * from a failed write that the reader is gone. {@link RingSender} writes the control frames,
 * {@link RingReceiver} reads them; control frames are accepted only once the peer is
 * authenticated.
 */
public final class FrameFormat {

    /** Bytes of a header. */
    public static final int HEADER_BYTES = 4;

    static final int RING_CHUNK = 0x80000001;
    static final int RING_OFFER = 0x80000002;
    static final int PROBE = 0x80000003;
    /** Bytes of a ring chunk, header included. */
    static final int CHUNK_BYTES = 20;
    /** Bytes of a ring offer before its name, header included. */
    static final int OFFER_FIXED_BYTES = 18;
    static final int MAX_NAME_BYTES = 64;

    private FrameFormat() {
    }
}
