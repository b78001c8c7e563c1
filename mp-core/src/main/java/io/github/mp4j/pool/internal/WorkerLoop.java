package io.github.mp4j.pool.internal;

import io.github.mp4j.connection.Connection;
import io.github.mp4j.connection.ConnectionClosedException;
import io.github.mp4j.function.SerializableFunction;
import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.runtime.CallContext;
import io.github.mp4j.runtime.ExitSequence;
import io.github.mp4j.serial.ItemReader;
import io.github.mp4j.serial.ItemWriter;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.serial.SerializationException;
import io.github.mp4j.transport.ChannelBacked;
import io.github.mp4j.transport.FramedChannel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * What a worker JVM runs: reads {@link PoolProtocol} frames from its pipe, runs chunks, and
 * answers with results. While more chunks are already waiting in its buffer it keeps working and
 * sends the results in one go, unless the work behind the oldest unsent result began more than
 * {@link #FLUSH_AFTER_NANOS} ago: a slow chunk's result leaves at once (so that the pool can send
 * the next chunk while this worker runs the one it has queued), while results of chunks of
 * microseconds share system calls. Before it blocks for more, it sends everything it has.
 *
 * <p>The tasks of a chunk run without a word to the pool, so that tiny tasks cost nothing more
 * than their work; after each task the running thread only publishes how many tasks are done and
 * where their results end (one ordered store). A reporter thread looks every {@link #TICK_NANOS}
 * (less for a short task timeout): a task it sees running on two looks in a row has been running
 * a while, and it sends a PROGRESS message saying so, with the results finished before it. With
 * a task timeout it also sends one at least every quarter of the timeout (at most every
 * {@link #HEARTBEAT_NANOS}) while a chunk runs, so that the pool measures each task's own time.
 * A task that exits the JVM is reported by an exit hook. So the pool learns which task was
 * running when it lost the worker, and keeps the results that came before it.
 *
 * <p>A worker ignores SIGINT: Ctrl-C in a terminal signals the whole foreground process group,
 * workers included, and a pool shutting down gracefully needs them to finish its work; the pool
 * decides when they stop (and they exit with their parent anyway). A worker whose pool closed the
 * connection exits quietly: the pool is gone or shutting down, and there is no one to report to.
 */
final class WorkerLoop {

    private static final VarHandle PROGRESS;

    static {
        try {
            PROGRESS = MethodHandles.lookup().findVarHandle(Running.class, "progress", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final FramedChannel channel;
    /** Results wait for more only while the work behind them began this recently: slow chunks report at once. */
    private static final long FLUSH_AFTER_NANOS = 200_000;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long HEARTBEAT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** After this many looks finding no chunk running, the reporter sleeps until a chunk starts. */
    private static final int IDLE_TICKS = 20;

    /** Guards {@link #replies} and the writing of results: the running thread, the reporter and the exit hook send. */
    private final Object sendLock = new Object();
    private final List<byte[]> replies = new ArrayList<>();
    private final AtomicBoolean exitAnnounced = new AtomicBoolean();
    private long oldestReply;
    /** The label of the call of the chunk running now, or run last (see {@link #callLabel()}). */
    private volatile String callLabel;
    /** Its encoding, as the last CHUNK carried it; read and written by the running thread only. */
    private byte[] callLabelBytes;
    /** The chunk running now, or {@code null}: an exit while one runs is a task's {@code System.exit}. */
    private volatile Running running;
    private volatile Thread reporter;
    private volatile boolean reporterAsleep;
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
        WorkerLoop worker = new WorkerLoop(((ChannelBacked) pipe).channel());
        WorkerLogHandler.install(worker::sendNow);
        ExitSequence.add(ExitSequence.Step.FLUSH, worker::announceTaskExit);
        try {
            worker.loop();
        } catch (ConnectionClosedException e) {
            // the pool closed the connection: it stopped this worker or went away
        }
    }

    /**
     * Runs in this JVM's exit hook (and after the loop returns): if a task is running, the JVM is
     * exiting because of it, and the pool must hear so before the connection ends: first which
     * task was running and the results before it (a PROGRESS message), then TASK_EXIT. An
     * OutOfMemoryError stops the JVM without running the hook (see {@link PoolProtocol}).
     */
    private void announceTaskExit() {
        Running chunk = running;
        if (chunk != null && exitAnnounced.compareAndSet(false, true)) {
            send(chunk, chunk.progress(), 0);
            synchronized (sendLock) {
                try {
                    channel.write(ByteBuffer.wrap(new byte[] {PoolProtocol.TASK_EXIT}));
                } catch (RuntimeException e) {
                    // the pool is gone or closed the pipe: nobody is left to tell
                }
            }
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
                case PoolProtocol.RELEASE -> release();
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

    /**
     * The pool closed and keeps this JVM for the next pool of its configuration: what it sends
     * next starts with INIT, with function ids of its own, so the cache of functions goes.
     */
    private void release() {
        flush();
        functions.clear();
        reply(new byte[] {PoolProtocol.RELEASED});
        flush();
    }

    private boolean initialize(byte[] frame) {
        startReporter();
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
        long timeoutNanos = header.getLong();
        int count = header.getInt();
        boolean timed = (header.get() & PoolProtocol.TIME_TASKS) != 0;
        int labelLength = header.getShort();
        callLabel = label(frame, labelLength);
        CallContext.set(CallOptions.UNLABELLED.equals(callLabel) ? null : callLabel);
        int itemsAt = PoolProtocol.CHUNK_HEADER_BYTES + labelLength;
        Object function = functions.get(functionId);
        long[] taskNanos = timed ? new long[count] : null;
        long start = System.nanoTime();
        long taskStart = start;
        try (ItemWriter writer = new ItemWriter(64 + count * 8);
             ItemReader reader = new ItemReader(frame, itemsAt, frame.length - itemsAt)) {
            writer.writeByte(PoolProtocol.RESULT);
            writer.writeLong(chunkId);
            int nanosAt = writer.position();
            writer.writeLong(0);
            writer.writeInt(count);
            Running progress = start(chunkId, timeoutNanos, writer);
            byte[] published = writer.buffer();
            TaskFailure undecodable = function instanceof TaskFailure failure ? failure
                    : function == null ? new TaskFailure(new IllegalStateException("function " + functionId
                    + " was never defined in this worker")) : null;
            for (int i = 0; i < count; i++) {
                Object result;
                if (undecodable != null) {
                    result = undecodable;
                } else {
                    try {
                        // Functions.run turns what the function throws into a TaskFailure: this catches decoding only
                        result = Functions.run((SerializableFunction<Object, Object>) function, reader.next());
                    } catch (SerializationException e) {
                        undecodable = new TaskFailure(new SerializationException(
                                "the worker cannot decode its input: " + e.getMessage(), e));
                        result = undecodable;
                    }
                }
                write(writer, result, i);
                if (taskNanos != null) {
                    long now = System.nanoTime();
                    taskNanos[i] = now - taskStart;
                    taskStart = now;
                }
                if (writer.buffer() != published) {
                    published = writer.buffer();
                    progress.buffer = published;
                }
                PROGRESS.setRelease(progress, (long) (i + 1) << 32 | writer.position());
            }
            running = null;
            writer.patchLong(nanosAt, System.nanoTime() - start);
            if (taskNanos != null) {
                for (long nanos : taskNanos) {
                    PoolProtocol.writeTaskNanos(writer, nanos);
                }
            }
            reply(writer.toBytes(), start);
        } finally {
            CallContext.clear();
        }
    }

    /** @return the label a CHUNK frame carries: the one before it, if the same, so that it costs nothing */
    private String label(byte[] frame, int length) {
        String previous = callLabel;
        byte[] previousBytes = callLabelBytes;
        if (previousBytes != null && Arrays.equals(previousBytes, 0, previousBytes.length, frame,
                PoolProtocol.CHUNK_HEADER_BYTES, PoolProtocol.CHUNK_HEADER_BYTES + length)) {
            return previous;
        }
        callLabelBytes = Arrays.copyOfRange(frame, PoolProtocol.CHUNK_HEADER_BYTES, PoolProtocol.CHUNK_HEADER_BYTES + length);
        return new String(callLabelBytes, StandardCharsets.UTF_8);
    }

    /**
     * @return the label of the call whose chunk this worker runs, or ran last
     *     ({@code CallOptions.UNLABELLED} for a call without one); {@code null} before the first
     *     chunk. The context of what its tasks log.
     */
    String callLabel() {
        return callLabel;
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
        synchronized (sendLock) {
            if (replies.isEmpty()) {
                oldestReply = workStarted;
            }
            replies.add(frame);
        }
    }

    private void flush() {
        synchronized (sendLock) {
            if (!replies.isEmpty()) {
                channel.writeAll(replies);
                replies.clear();
            }
        }
    }

    /** Writes these frames now, after the results waiting to be sent: the log relay's way out. */
    private void sendNow(List<byte[]> frames) {
        synchronized (sendLock) {
            replies.addAll(frames);
            try {
                channel.writeAll(replies);
            } finally {
                replies.clear();
            }
        }
    }

    // ---------------------------------------------------------------- progress reports

    /** A chunk as it runs: what its reporter reads, and what it has sent of it. */
    private static final class Running {
        final long chunkId;
        /** How often the reporter looks at it, and sends a report at least, by its task timeout. */
        final long tick;
        final long heartbeat;
        /** The results buffer; replaced, never changed below {@link #progress}'s end, as it grows. */
        volatile byte[] buffer;
        /** Tasks done (high 32 bits) and where their results end in {@link #buffer} (low 32 bits). */
        @SuppressWarnings("unused")
        long progress;
        /** Guarded by sendLock: tasks whose results were sent in PROGRESS messages, and where they end. */
        int sentDone;
        int sentEnd;

        Running(long chunkId, long timeoutNanos, byte[] buffer, int resultsStart) {
            this.chunkId = chunkId;
            this.tick = tick(timeoutNanos);
            this.heartbeat = heartbeat(timeoutNanos, tick);
            this.buffer = buffer;
            this.progress = resultsStart;
            this.sentEnd = resultsStart;
        }

        long progress() {
            return (long) PROGRESS.getAcquire(this);
        }
    }

    private Running start(long chunkId, long timeoutNanos, ItemWriter writer) {
        Running chunk = new Running(chunkId, timeoutNanos, writer.buffer(), writer.position());
        running = chunk;
        if (reporterAsleep) {
            LockSupport.unpark(reporter);
        }
        return chunk;
    }

    private static long tick(long timeoutNanos) {
        return timeoutNanos > 0 ? Math.max(MIN_TICK_NANOS, Math.min(TICK_NANOS, timeoutNanos / 8)) : TICK_NANOS;
    }

    private static long heartbeat(long timeoutNanos, long tick) {
        return timeoutNanos > 0 ? Math.max(tick, Math.min(HEARTBEAT_NANOS, timeoutNanos / 4)) : Long.MAX_VALUE;
    }

    private void startReporter() {
        Thread thread = new Thread(this::report, "mp4j-pool-progress");
        thread.setDaemon(true);
        // a reused worker's next pool may have another task timeout: the reporter of the last one ends
        Thread previous = reporter;
        reporter = thread;
        if (previous != null) {
            LockSupport.unpark(previous);
        }
        thread.start();
    }

    /** Looks at the running chunk as often as its task timeout needs (see {@link Running#tick}). */
    private void report() {
        Running seen = null;
        long seenProgress = 0;
        long firstSeen = 0;
        boolean reported = false;
        long lastSent = System.nanoTime();
        int idle = 0;
        while (reporter == Thread.currentThread()) {
            if (idle >= IDLE_TICKS) {
                reporterAsleep = true;
                if (running == null) {
                    LockSupport.park(this);
                }
                reporterAsleep = false;
                idle = 0;
            } else {
                Running current = running;
                LockSupport.parkNanos(current == null ? TICK_NANOS : current.tick);
            }
            Running chunk = running;
            if (chunk == null) {
                idle++;
                seen = null;
                continue;
            }
            idle = 0;
            long progress = chunk.progress();
            long now = System.nanoTime();
            if (chunk != seen || progress != seenProgress) {
                seen = chunk;
                seenProgress = progress;
                firstSeen = now;
                reported = false;
                if (now - lastSent >= chunk.heartbeat && send(chunk, progress, 0)) {
                    lastSent = now;
                }
            } else if ((!reported || now - lastSent >= chunk.heartbeat) && send(chunk, progress, now - firstSeen)) {
                reported = true;
                lastSent = now;
            }
        }
    }

    /**
     * Sends a PROGRESS message: the tasks done so far, and the results not sent yet, after the
     * results of earlier chunks still waiting to be sent.
     *
     * @return whether it was sent
     */
    private boolean send(Running chunk, long progress, long runningNanos) {
        int done = (int) (progress >>> 32);
        int end = (int) progress;
        byte[] buffer = chunk.buffer;
        synchronized (sendLock) {
            if (done < chunk.sentDone) {
                return false;
            }
            byte[] frame;
            try (ItemWriter header = new ItemWriter(PoolProtocol.PROGRESS_HEADER_BYTES)) {
                header.writeByte(PoolProtocol.PROGRESS);
                header.writeLong(chunk.chunkId);
                header.writeLong(runningNanos);
                header.writeInt(done);
                header.writeInt(chunk.sentDone);
                frame = Arrays.copyOf(header.buffer(), header.position() + end - chunk.sentEnd);
                System.arraycopy(buffer, chunk.sentEnd, frame, header.position(), end - chunk.sentEnd);
            }
            chunk.sentDone = done;
            chunk.sentEnd = end;
            try {
                replies.add(frame);
                channel.writeAll(replies);
                return true;
            } catch (RuntimeException e) {
                // the pool is gone or going: nothing to report to
                return false;
            } finally {
                replies.clear();
            }
        }
    }
}
