package io.github.mp4j.pool.internal;

import io.github.mp4j.serial.ItemReader;
import io.github.mp4j.serial.ItemWriter;

/**
 * The messages between a pool and its worker JVMs, all in one place. Each is one frame on the
 * worker's own pipe.
 *
 * <pre>
 *  parent -&gt; worker (big-endian header, then bytes)
 *    INIT    | 1 | initializer (ObjectCodec bytes; empty for none)                        |
 *    DEFINE  | 2 | function id (int64) | function (ObjectCodec bytes)                    |
 *    CHUNK   | 3 | chunk id (int64) | function id (int64) | task timeout nanos (int64; 0 = none) |
 *            | count (int32) | flags (int8) | label length (int16) | label (UTF-8) | items ...     |
 *    STOP    | 4 |
 *    RELEASE | 5 |   (the pool closed; the worker stays, idle, for the next pool: see WarmWorkers)
 *  worker -&gt; parent (written by ItemWriter)
 *    READY       | 10 |
 *    INIT_FAILED | 11 | exception (item)                                                |
 *    RESULT      | 12 | chunk id (int64) | worker nanos (int64) | count (int32) | items | [task nanos] |
 *    PROGRESS    | 13 | chunk id (int64) | running nanos (int64) | done (int32) | from (int32) | items |
 *    TASK_EXIT   | 14 |
 *    LOG         | 15 | level (int32) | millis (int64) | logger | thread | call | thrown | message (items; see LogFrame) |
 *    RELEASED    | 16 |  (after every result: the pipe is clean, and the next frame it reads is INIT or STOP)
 * </pre>
 * A PROGRESS message reports on the chunk a worker runs: its first {@code done} tasks finished,
 * task {@code done} (counting from 0) has been running for {@code running nanos}, and the items
 * are the results of tasks {@code from} to {@code done - 1} ({@code from} being where the last
 * report stopped). The worker sends one when a task runs longer than a look of its reporter
 * thread, regularly while a chunk runs under a task timeout, and at exit; the chunk's RESULT
 * still carries every result, and the pool skips those it has. Messages of one worker arrive in
 * the order sent, RESULTs of earlier chunks first.
 * Items are independently encoded objects ({@code ItemWriter}); a result item is the value, or a
 * {@link TaskFailure} for a task that threw or whose result could not be serialized. A function
 * is sent once per worker and then named by its id; both sides keep the same
 * {@link #FUNCTION_CACHE_SIZE most recent} functions, since both see the same frames in the same
 * order.
 *
 * <p>A CHUNK whose flags hold {@link #TIME_TASKS} (the pool has listeners) asks the worker to
 * measure each task: its RESULT then ends with {@code count} task times after the items, each
 * an unsigned LEB128 varint of nanoseconds (one to three bytes for tasks of up to two
 * milliseconds), from the start of the task's decoding to the end of its result's encoding.
 *
 * <p>A CHUNK carries its call's task timeout, which sets how often the worker reports on it (see
 * {@code WorkerLoop}), and its call's label, which the worker keeps while it runs the chunk (the
 * context of what the tasks log).
 *
 * <p>{@code LOG} carries a record logged in the worker (by {@code java.util.logging},
 * {@code System.Logger} or SLF4J); it may come at any time between other messages, sent by the
 * worker's log relay thread ({@link WorkerLogHandler}).
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
    static final byte RELEASE = 5;

    static final byte READY = 10;
    static final byte INIT_FAILED = 11;
    static final byte RESULT = 12;
    static final byte PROGRESS = 13;
    static final byte TASK_EXIT = 14;
    static final byte LOG = 15;
    static final byte RELEASED = 16;

    /** A CHUNK flag: the worker sends each task's time after the results. */
    static final byte TIME_TASKS = 1;

    /** The fixed part of a CHUNK header; the label follows it, then the items. */
    static final int CHUNK_HEADER_BYTES = 1 + 8 + 8 + 8 + 4 + 1 + 2;
    static final int PROGRESS_HEADER_BYTES = 1 + 8 + 8 + 4 + 4;
    static final int FUNCTION_CACHE_SIZE = 256;

    private PoolProtocol() {
    }

    /** Writes a task time after a RESULT's items: an unsigned LEB128 varint (negative as 0). */
    static void writeTaskNanos(ItemWriter writer, long nanos) {
        long value = Math.max(0, nanos);
        while ((value & ~0x7FL) != 0) {
            writer.writeByte((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        writer.writeByte((int) value);
    }

    /**
     * Reads the task times a RESULT ends with, if it has them.
     *
     * @return {@code count} times, or {@code null} if the frame ends with its items
     */
    static long[] readTaskNanos(ItemReader reader, int count) {
        if (!reader.hasNext()) {
            return null;
        }
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long value = 0;
            int shift = 0;
            byte b;
            do {
                b = reader.readByte();
                value |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0 && shift < 64);
            nanos[i] = value;
        }
        return nanos;
    }
}
