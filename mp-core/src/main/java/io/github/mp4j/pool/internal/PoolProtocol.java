package io.github.mp4j.pool.internal;

/**
 * The messages between a pool and its worker JVMs, all in one place. Each is one frame on the
 * worker's own pipe.
 *
 * <pre>
 *  parent -&gt; worker (big-endian header, then bytes)
 *    INIT    | 1 | initializer (ObjectCodec bytes; empty for none)                       |
 *    DEFINE  | 2 | function id (int64) | function (ObjectCodec bytes)                    |
 *    CHUNK   | 3 | chunk id (int64) | function id (int64) | count (int32) | items ...   |
 *    STOP    | 4 |
 *  worker -&gt; parent (written by ItemWriter)
 *    READY       | 10 |
 *    INIT_FAILED | 11 | exception (item)                                                |
 *    RESULT      | 12 | chunk id (int64) | worker nanos (int64) | count (int32) | items |
 *    TASK_EXIT   | 13 |
 * </pre>
 * Items are independently encoded objects ({@code ItemWriter}); a result item is the value, or a
 * {@link TaskFailure} for a task that threw or whose result could not be serialized. A function
 * is sent once per worker and then named by its id; both sides keep the same
 * {@link #FUNCTION_CACHE_SIZE most recent} functions, since both see the same frames in the same
 * order.
 *
 * <p>{@code TASK_EXIT} comes from the worker's exit hook when its JVM shuts down in an orderly way
 * (a {@code System.exit}) while a task runs. A JVM that stops without running its hooks sends
 * nothing, and {@code -XX:+ExitOnOutOfMemoryError} (status 3, like a task's {@code System.exit(3)})
 * is such a stop: so a status 3 without {@code TASK_EXIT} is an OutOfMemoryError.
 */
final class PoolProtocol {

    static final byte INIT = 1;
    static final byte DEFINE = 2;
    static final byte CHUNK = 3;
    static final byte STOP = 4;

    static final byte READY = 10;
    static final byte INIT_FAILED = 11;
    static final byte RESULT = 12;
    static final byte TASK_EXIT = 13;

    static final int CHUNK_HEADER_BYTES = 1 + 8 + 8 + 4;
    static final int FUNCTION_CACHE_SIZE = 256;

    private PoolProtocol() {
    }
}
