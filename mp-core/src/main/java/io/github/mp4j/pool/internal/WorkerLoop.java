package io.github.mp4j.pool.internal;

import io.github.mp4j.connection.Connection;
import io.github.mp4j.connection.ConnectionClosedException;
import io.github.mp4j.connection.internal.ChannelBacked;
import io.github.mp4j.connection.internal.FramedChannel;
import io.github.mp4j.function.SerializableFunction;
import io.github.mp4j.serial.ItemReader;
import io.github.mp4j.serial.ItemWriter;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.serial.SerializationException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a worker JVM runs: reads {@link PoolProtocol} frames from its pipe, runs chunks, and
 * answers with results. While more chunks are already waiting in its buffer it keeps working and
 * sends the results in one go, unless the work behind the oldest unsent result began more than
 * {@link #FLUSH_AFTER_NANOS} ago: a slow chunk's result leaves at once (so that the pool can send
 * the next chunk while this worker runs the one it has queued), while results of chunks of
 * microseconds share system calls. Before it blocks for more, it sends everything it has.
 *
 * <p>A worker ignores SIGINT: Ctrl-C in a terminal signals the whole foreground process group,
 * workers included, and a pool shutting down gracefully needs them to finish its work; the pool
 * decides when they stop (and they exit with their parent anyway). A worker whose pool closed the
 * connection exits quietly: the pool is gone or shutting down, and there is no one to report to.
 */
final class WorkerLoop {

    private final FramedChannel channel;
    /** Results wait for more only while the work behind them began this recently: slow chunks report at once. */
    private static final long FLUSH_AFTER_NANOS = 200_000;

    private final List<byte[]> replies = new ArrayList<>();
    private long oldestReply;
    private final Map<Long, Object> functions = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Object> eldest) {
            return size() > PoolProtocol.FUNCTION_CACHE_SIZE;
        }
    };

    private WorkerLoop(FramedChannel channel) {
        this.channel = channel;
    }

    /**
     * The worker's entry point (a process target).
     *
     * @param pipe the worker's end of its pipe to the pool
     */
    static void run(Connection pipe) {
        ignoreInterruptSignal();
        try {
            new WorkerLoop(((ChannelBacked) pipe).channel()).loop();
        } catch (ConnectionClosedException e) {
            // the pool closed the connection: it stopped this worker or went away
        }
    }

    /** {@code sun.misc.Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN)}, where the JDK offers it. */
    private static void ignoreInterruptSignal() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object interrupt = signal.getConstructor(String.class).newInstance("INT");
            signal.getMethod("handle", signal, handler).invoke(null, interrupt, handler.getField("SIG_IGN").get(null));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // no such API (or no SIGINT here): Ctrl-C then stops workers as it stops any process
        }
    }

    private void loop() {
        byte[] frame = channel.read();
        while (true) {
            switch (frame[0]) {
                case PoolProtocol.INIT -> {
                    if (!initialize(frame)) {
                        flush();
                        return;
                    }
                }
                case PoolProtocol.DEFINE -> define(frame);
                case PoolProtocol.CHUNK -> runChunk(frame);
                case PoolProtocol.STOP -> {
                    flush();
                    return;
                }
                default -> throw new IllegalStateException("unknown pool message " + frame[0]);
            }
            frame = channel.readBuffered();
            if (frame == null || System.nanoTime() - oldestReply > FLUSH_AFTER_NANOS) {
                flush();
            }
            if (frame == null) {
                frame = channel.read();
            }
        }
    }

    private boolean initialize(byte[] frame) {
        try {
            if (frame.length > 1) {
                ((Runnable) ObjectCodec.decode(frame, 1, frame.length - 1)).run();
            }
            reply(new byte[] {PoolProtocol.READY});
            return true;
        } catch (Throwable t) {
            try (ItemWriter writer = new ItemWriter(1024)) {
                writer.writeByte(PoolProtocol.INIT_FAILED);
                writer.write(new TaskFailure(t));
                reply(writer.toBytes());
            }
            return false;
        }
    }

    private void define(byte[] frame) {
        long id = ByteBuffer.wrap(frame, 1, 8).getLong();
        try {
            functions.put(id, ObjectCodec.decode(frame, 9, frame.length - 9));
        } catch (SerializationException e) {
            functions.put(id, new TaskFailure(new SerializationException(
                    "the worker cannot decode the pool's function: " + e.getMessage(), e)));
        }
    }

    @SuppressWarnings("unchecked")
    private void runChunk(byte[] frame) {
        ByteBuffer header = ByteBuffer.wrap(frame, 1, PoolProtocol.CHUNK_HEADER_BYTES - 1);
        long chunkId = header.getLong();
        long functionId = header.getLong();
        int count = header.getInt();
        Object function = functions.get(functionId);
        long start = System.nanoTime();
        try (ItemWriter writer = new ItemWriter(64 + count * 8);
             ItemReader reader = new ItemReader(frame, PoolProtocol.CHUNK_HEADER_BYTES,
                     frame.length - PoolProtocol.CHUNK_HEADER_BYTES)) {
            writer.writeByte(PoolProtocol.RESULT);
            writer.writeLong(chunkId);
            int nanosAt = writer.position();
            writer.writeLong(0);
            writer.writeInt(count);
            TaskFailure undecodable = function instanceof TaskFailure failure ? failure
                    : function == null ? new TaskFailure(new IllegalStateException("function " + functionId
                    + " was never defined in this worker")) : null;
            for (int i = 0; i < count; i++) {
                Object result;
                if (undecodable != null) {
                    result = undecodable;
                } else {
                    Object item;
                    try {
                        item = reader.next();
                    } catch (SerializationException e) {
                        undecodable = new TaskFailure(new SerializationException(
                                "the worker cannot decode its input: " + e.getMessage(), e));
                        result = undecodable;
                        write(writer, result, i);
                        continue;
                    }
                    result = Functions.run((SerializableFunction<Object, Object>) function, item);
                }
                write(writer, result, i);
            }
            writer.patchLong(nanosAt, System.nanoTime() - start);
            reply(writer.toBytes(), start);
        }
    }

    private static void write(ItemWriter writer, Object result, int index) {
        try {
            writer.write(result);
        } catch (SerializationException e) {
            writer.write(new TaskFailure(new SerializationException("the result of the task (a "
                    + result.getClass().getName() + ") cannot be sent back to the pool: " + e.getMessage(), e)));
        }
    }

    private void reply(byte[] frame) {
        reply(frame, System.nanoTime());
    }

    /** @param workStarted when the work that produced this frame began */
    private void reply(byte[] frame, long workStarted) {
        if (replies.isEmpty()) {
            oldestReply = workStarted;
        }
        replies.add(frame);
    }

    private void flush() {
        if (!replies.isEmpty()) {
            channel.writeAll(replies);
            replies.clear();
        }
    }
}
