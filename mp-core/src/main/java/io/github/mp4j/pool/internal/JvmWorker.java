package io.github.mp4j.pool.internal;

import io.github.mp4j.connection.ConnectionException;
import io.github.mp4j.connection.Pipe;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ExitCodes;
import io.github.mp4j.process.JvmOptions;
import io.github.mp4j.serial.ItemReader;
import io.github.mp4j.serial.SerializationException;
import io.github.mp4j.transport.ChannelBacked;
import io.github.mp4j.transport.FramedChannel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A worker that is a JVM of its own, reached over a pipe. Two threads serve it in the pool: the
 * sender takes chunks from the scheduler and writes them, several per system call; the receiver
 * reads results and notices, by the end of the stream, when the JVM died.
 */
final class JvmWorker extends Worker {

    /** The logger, made on first use: System.getLogger starts java.util.logging, which a worker JVM pays for only if it logs. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(JvmWorker.class.getName());
    }
    private static final long EXIT_WAIT_SECONDS = 10;
    /**
     * In the JVM that trains the AOT cache: its worker writes what it recorded as it exits, which
     * took longer than {@value #EXIT_WAIT_SECONDS} s on a loaded machine; killed then, it wrote
     * nothing and the training failed (logs of "the training worker recorded nothing", over and
     * over, on a 2-core machine at load 25). The training JVM has its own deadline in the process layer.
     */
    private static final long TRAINING_EXIT_WAIT_SECONDS = 240;
    /** How SLF4J 2 is told its provider's class. */
    private static final String SLF4J_PROVIDER_FLAG = "-Dslf4j.provider=";
    /** By name: the class cannot even be loaded without SLF4J, which mp-core does not require. */
    private static final String SLF4J_RELAY_PROVIDER = "io.github.mp4j.pool.internal.Slf4jRelayProvider";
    private static final boolean SLF4J_2_PRESENT = slf4j2Present();

    private final WorkerSink pool;
    private final PoolConfig config;
    private final byte[] initializer;
    /** The functions this worker knows, kept in step with its own cache (see {@link PoolProtocol}). */
    private final Map<Long, Boolean> known = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > PoolProtocol.FUNCTION_CACHE_SIZE;
        }
    };
    private ChildProcess process;
    /** Which idle workers this one may be, and may become once its pool closed. */
    private WarmWorkers.Key warmKey;
    private Pipe pipe;
    private volatile FramedChannel channel;
    /** Guarded by this: whether {@link #process} was started, and whether the pool asked to kill it. */
    private boolean started;
    private boolean killRequested;
    /** Guarded by this: the JVM went to the idle workers, this pool must not kill it. */
    private boolean handedOver;

    JvmWorker(String name, WorkerSink pool, PoolConfig config, byte[] initializer) {
        super(name);
        this.pool = pool;
        this.config = config;
        this.initializer = initializer;
    }

    @Override
    void start() {
        JvmOptions options = withWorkerFlags(config.jvmOptions());
        warmKey = WarmWorkers.Key.of(options);
        WarmWorkers.Kept kept = config.reuseWorkers().isZero() ? null : WarmWorkers.take(warmKey);
        if (kept != null) {
            pipe = kept.pipe();
            process = kept.process();
        } else {
            pipe = Pipe.open(true);
            process = ChildProcess.builder(WorkerLoop::run, pipe.right()).name(name).daemon(true).prefixOutput(true)
                    .jvmOptions(options).build();
            process.start();
        }
        synchronized (this) {
            started = true;
            if (killRequested) {
                process.kill();
            }
        }
        pid = process.pid();
        process.onExit().thenRun(() -> {
            if (channel == null) {
                pipe.left().close();
            }
        });
        Thread receiver = new Thread(pool.guarded(this::receive), name + "-receiver");
        receiver.setDaemon(true);
        receiver.start();
    }

    /**
     * Workers exit at once on an OutOfMemoryError, with status 3 and without running their exit
     * hooks, which is how the pool tells it from a task's {@code System.exit(3)} (see {@link PoolProtocol}).
     * With SLF4J 2 on the class path, their SLF4J records join their log relay
     * ({@link Slf4jRelayProvider}), unless the options name a provider themselves.
     */
    private static JvmOptions withWorkerFlags(JvmOptions options) {
        JvmOptions.Builder flags = options.toBuilder();
        if (options.jvmArgs().stream().noneMatch(arg -> arg.contains("OnOutOfMemoryError"))) {
            flags.jvmArg("-XX:+ExitOnOutOfMemoryError");
        }
        if (SLF4J_2_PRESENT && options.jvmArgs().stream().noneMatch(arg -> arg.startsWith(SLF4J_PROVIDER_FLAG))) {
            flags.jvmArg(SLF4J_PROVIDER_FLAG + SLF4J_RELAY_PROVIDER);
        }
        return flags.build();
    }

    /** @return whether SLF4J 2 (the version with providers) is on this class path */
    private static boolean slf4j2Present() {
        try {
            Class.forName("org.slf4j.spi.SLF4JServiceProvider", false, JvmWorker.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Kills the JVM, or, if it is still being started (the pool terminated meanwhile), as soon as it is. */
    @Override
    void kill() {
        synchronized (this) {
            killRequested = true;
            if (!started || handedOver) {
                return;
            }
        }
        process.kill();
    }

    /**
     * @return whether this worker, now that its pool gives it nothing more, may wait for the next
     *     pool: reuse is on, the pool was closed (not terminated, not exiting), and the worker was
     *     neither timed out nor recycled
     */
    private boolean keepable() {
        int maxTasks = config.maxTasksPerChild();
        synchronized (this) {
            if (killRequested) {
                return false;
            }
        }
        return !config.reuseWorkers().isZero() && !pool.stopsWorkers() && timedOut == null
                && (maxTasks == 0 || tasksDone < maxTasks);
    }

    /** The worker answered RELEASE: it goes to the idle workers, and is gone for this pool. */
    private void handOver() {
        synchronized (this) {
            if (killRequested) {
                return;
            }
            handedOver = true;
        }
        WarmWorkers.keep(warmKey, new WarmWorkers.Kept(process, pipe), config.reuseWorkers());
    }

    private void receive() {
        try {
            channel = ((ChannelBacked) pipe.left()).channel();
            ByteBuffer init = ByteBuffer.allocate(1 + initializer.length).put(PoolProtocol.INIT).put(initializer).flip();
            channel.write(init);
            while (true) {
                byte[] frame = channel.read();
                switch (frame[0]) {
                    case PoolProtocol.READY -> becomeReady();
                    case PoolProtocol.RESULT -> result(frame);
                    case PoolProtocol.PROGRESS -> progress(frame);
                    case PoolProtocol.INIT_FAILED -> initializerFailed(frame);
                    case PoolProtocol.TASK_EXIT -> taskCalledExit = true;
                    case PoolProtocol.LOG -> log(frame);
                    case PoolProtocol.RELEASED -> {
                        handOver();
                        if (handedOver()) {
                            pool.exited(this, ExitCodes.SUCCESS);
                            return;
                        }
                        process.kill();
                    }
                    default -> throw new ConnectionException("unknown message " + frame[0] + " from worker " + name);
                }
            }
        } catch (ConnectionException e) {
            if (!retiring && timedOut == null && !stoppedForCancel && ready && !pool.stopsWorkers()) {
                Log.LOG.log(System.Logger.Level.WARNING, "lost the connection to worker " + name + " (pid " + pid + "): "
                        + e.getMessage());
            }
        } catch (Throwable t) {
            // stopped first, so that the pool does not replace this worker when it exits
            pool.threadFailed(t);
        }
        exited();
    }

    private void becomeReady() {
        ready = true;
        Thread sender = new Thread(pool.guarded(this::send), name + "-sender");
        sender.setDaemon(true);
        sender.start();
        pool.ready(this);
    }

    private void send() {
        try {
            List<Chunk> chunks;
            while ((chunks = pool.take(this)) != null) {
                byte flags = pool.timesTasks() ? PoolProtocol.TIME_TASKS : 0;
                List<ByteBuffer[]> frames = new ArrayList<>(chunks.size() + 1);
                for (Chunk chunk : chunks) {
                    FunctionRef function = chunk.call.function;
                    if (known.get(function.id) == null) {
                        known.put(function.id, Boolean.TRUE);
                        frames.add(new ByteBuffer[] {ByteBuffer.allocate(9).put(PoolProtocol.DEFINE).putLong(function.id).flip(),
                            ByteBuffer.wrap(function.bytes)});
                    }
                    Call call = chunk.call;
                    ByteBuffer header = ByteBuffer.allocate(PoolProtocol.CHUNK_HEADER_BYTES + call.labelBytes.length)
                            .put(PoolProtocol.CHUNK).putLong(chunk.id).putLong(function.id)
                            .putLong(call.settings.taskTimeoutNanos()).putInt(chunk.count).put(flags)
                            .putShort((short) call.labelBytes.length).put(call.labelBytes).flip();
                    Payload payload = chunk.encodedPayload();
                    frames.add(new ByteBuffer[] {header, ByteBuffer.wrap(payload.bytes(), payload.offset(), payload.length())});
                }
                long bytes = 0;
                for (ByteBuffer[] parts : frames) {
                    for (ByteBuffer part : parts) {
                        bytes += part.remaining();
                    }
                    bytes += FramedChannel.HEADER_BYTES;
                }
                // counted before the write: a result can come back, and its caller read the
                // metrics, before this thread runs again after the write returns
                pool.sent(bytes);
                channel.writeBatch(frames);
            }
            channel.write(ByteBuffer.wrap(new byte[] {keepable() ? PoolProtocol.RELEASE : PoolProtocol.STOP}));
        } catch (ConnectionException e) {
            // the receiver sees the same end of the stream and reports the worker lost
        }
    }

    private void result(byte[] frame) {
        pool.received(frame.length + FramedChannel.HEADER_BYTES);
        try (ItemReader reader = new ItemReader(frame, 1, frame.length - 1)) {
            long chunkId = reader.readLong();
            long nanos = reader.readLong();
            int count = reader.readInt();
            Chunk chunk = pool.chunkFinished(this, chunkId, nanos);
            if (chunk == null) {
                return;
            }
            deliverResults(reader, count, chunk, nanos, false);
        }
    }

    /**
     * Decodes the {@code count} results a message brings and delivers the last {@code part.count}
     * of them (the first may have come with an earlier report): unboxed if all are {@code Long}s.
     */
    private void deliverResults(ItemReader reader, int count, Chunk part, long nanos, boolean early) {
        int skip = count - part.count;
        long[] longs = reader.nextIsLong() ? new long[count] : null;
        int decoded = 0;
        TaskFailure undecodable = null;
        try {
            while (longs != null && decoded < count && reader.nextIsLong()) {
                long value = reader.nextLong();
                longs[decoded++] = value;
            }
        } catch (SerializationException e) {
            undecodable = undecodableResult(e);
        }
        if (undecodable == null && longs != null && decoded == count) {
            pool.longResults(part, skip == 0 ? longs : Arrays.copyOfRange(longs, skip, count), nanos,
                    taskNanos(reader, count, early), early);
            return;
        }
        Object[] results = new Object[count];
        for (int i = 0; i < decoded; i++) {
            results[i] = longs[i];
        }
        for (int i = decoded; i < count; i++) {
            if (undecodable == null) {
                try {
                    results[i] = reader.next();
                    continue;
                } catch (SerializationException e) {
                    undecodable = undecodableResult(e);
                }
            }
            results[i] = undecodable;
        }
        pool.results(part, skip == 0 ? results : Arrays.copyOfRange(results, skip, count), nanos,
                undecodable == null ? taskNanos(reader, count, early) : null, early);
    }

    /** @return the task times after a RESULT's items, if the worker sent them (never with a PROGRESS) */
    private static long[] taskNanos(ItemReader reader, int count, boolean early) {
        if (early) {
            return null;
        }
        try {
            return PoolProtocol.readTaskNanos(reader, count);
        } catch (RuntimeException e) {
            // cut short: the chunk's event gives each task its mean instead
            return null;
        }
    }

    /**
     * A progress report on the running chunk: delivers the results it brings, and tells the pool
     * which task runs since when.
     */
    private void progress(byte[] frame) {
        pool.received(frame.length + FramedChannel.HEADER_BYTES);
        try (ItemReader reader = new ItemReader(frame, 1, frame.length - 1)) {
            long chunkId = reader.readLong();
            long runningNanos = reader.readLong();
            int done = reader.readInt();
            int from = reader.readInt();
            Chunk chunk = pool.chunkProgressed(this, chunkId, done, runningNanos);
            if (chunk != null) {
                deliverResults(reader, done - from, chunk, 0, true);
            }
        }
    }

    /** A record the worker logged: logged here, with the worker's name and pid (see {@link LogRelay}). */
    private void log(byte[] frame) {
        pool.received(frame.length + FramedChannel.HEADER_BYTES);
        LogRelay.relog(LogFrame.decode(frame), name, pid);
    }

    private TaskFailure undecodableResult(SerializationException e) {
        return new TaskFailure(new SerializationException(
                "the pool cannot decode a result sent by worker " + name + ": " + e.getMessage(), e));
    }

    private void initializerFailed(byte[] frame) {
        try (ItemReader reader = new ItemReader(frame, 1, frame.length - 1)) {
            pool.initializerFailed(this, ((TaskFailure) reader.next()).error());
        }
    }

    private synchronized boolean handedOver() {
        return handedOver;
    }

    private void exited() {
        Integer code;
        try {
            code = process.onExit().get(AotTraining.isTrainingJvm() ? TRAINING_EXIT_WAIT_SECONDS : EXIT_WAIT_SECONDS,
                    TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            process.kill();
            code = process.onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.kill();
            code = null;
        } catch (java.util.concurrent.ExecutionException e) {
            code = null;
        }
        if (channel != null) {
            channel.close("worker " + name + " exited");
        }
        process.close();
        pool.exited(this, code == null ? ExitCodes.UNKNOWN : code);
    }
}
