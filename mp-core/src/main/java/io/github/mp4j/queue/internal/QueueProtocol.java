package io.github.mp4j.queue.internal;

/**
 * The queue's messages, all in one place. A process that did not create a queue reaches it over
 * two kinds of connection to the owner's object server, two services {@link QueueState} registers
 * there (the hello that opens them is drawn in {@code ObjectServer}; its argument byte is 0):
 *
 * <p><b>Stream</b> ({@link #SERVICE_STREAM}, unbounded non-joinable queues): every frame is
 * one serialized item; nothing is answered, so a producer never waits for a round trip. The one-byte
 * frame {@link #RAW_BYTES} says that the next frame holds a byte-array item's contents, not
 * serialized, so that the owner reads them straight into the array it keeps. An empty frame asks
 * the owner to confirm that everything before it is in the queue: the owner answers
 * with the one-byte frame {@link #SYNCED}. A producer does that before its process exits, so once
 * a child has been joined its items are in the queue, ahead of anything put after the join. The
 * owner sends nothing else on a stream, so the end of that stream tells a producer the owner is
 * gone.
 *
 * <p><b>Requests</b> ({@link #SERVICE_REQUESTS}): one frame per request, one per answer.
 * <pre>
 *  request: +--------+-------------------------------+------------------+
 *           | op (1) | timeout ns (int64; -1 forever) | item (PUT only)  |
 *           +--------+-------------------------------+------------------+
 *  answer:  +------------+--------------------------------------------+
 *           | status (1) | item (GET) / int32 size (SIZE) / UTF-8 text |
 *           +------------+--------------------------------------------+
 * </pre>
 *
 * <p><b>Batched gets</b> ({@link #OP_TAKE_SOME}, unbounded queues): a consumer in another process
 * takes up to a count and a byte budget of items in one round trip ({@link Prefetch}). The first
 * such request on a connection names the consumer's <i>taken counter</i>, an 8-byte
 * {@code MappedSegment} ({@link #COUNTER_SUFFIX}) where the consumer stores, at every
 * {@code get}, how many of the items lent on this connection it has handed to its caller. When
 * the connection ends (a closed handle, an interrupted get, a consumer that exited or was killed)
 * the owner puts the items lent and not taken back at the head of the queue ({@link Lending}).
 * <pre>
 *  request: +--------+--------------------+----------------+----------------+----------------------------+
 *           | op (1) | timeout ns (int64) | max items (i32) | max bytes (i32) | counter name (UTF-8; first |
 *           |   6    |                    |                 |                 | request on a connection)   |
 *           +--------+--------------------+----------------+----------------+----------------------------+
 *  answer:  +------------+-------------+---------------------+----------+-- ... --+
 *           | status (1) | count (i32) | item bytes (i32)    | item     |  count  |
 *           |   OK       |             | (then the item)     |          |  times  |
 *           +------------+-------------+---------------------+----------+-- ... --+
 *           EMPTY: nothing came in time; ERROR: UTF-8 text (the counter cannot be mapped)
 * </pre>
 */
final class QueueProtocol {

    /** The object server's service id of a queue's stream of items; part of the wire format. */
    static final int SERVICE_STREAM = 1;
    /** The object server's service id of a queue's requests; part of the wire format. */
    static final int SERVICE_REQUESTS = 2;

    static final byte OP_PUT = 1;
    static final byte OP_GET = 2;
    static final byte OP_SIZE = 3;
    static final byte OP_TASK_DONE = 4;
    static final byte OP_JOIN = 5;
    static final byte OP_TAKE_SOME = 6;

    static final byte OK = 0;
    static final byte EMPTY = 1;
    static final byte FULL = 2;
    static final byte TIMED_OUT = 3;
    static final byte ERROR = 4;

    static final int REQUEST_HEADER_BYTES = 9;
    /** The two int32 limits after the header of {@link #OP_TAKE_SOME}. */
    static final int TAKE_SOME_LIMITS_BYTES = 8;

    /** The file extension of a consumer's taken counter. */
    static final String COUNTER_SUFFIX = "qtaken";
    /** The taken counter's size: one int64 at offset 0, in the platform's byte order. */
    static final int COUNTER_BYTES = 8;

    /**
     * On a stream, announces a byte array sent as is in the next frame. No serialized item is
     * this one byte: Kryo's 1 starts a class written by name, which is never the item's end.
     */
    static final byte RAW_BYTES = 1;

    /** The owner's answer to an empty frame on a stream. */
    static final byte[] SYNCED = {OK};

    /** Blocks without a deadline. */
    static final long FOREVER = -1;

    private QueueProtocol() {
    }
}
