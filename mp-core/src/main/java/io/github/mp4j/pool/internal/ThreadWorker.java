package io.github.mp4j.pool.internal;

import io.github.mp4j.function.SerializableRunnable;
import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.runtime.CallContext;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** A worker that is a thread of this JVM (Python's {@code ThreadPool}); tasks are not serialized. */
final class ThreadWorker extends Worker {

    private static final VarHandle DONE;

    static {
        try {
            DONE = MethodHandles.lookup().findVarHandle(ThreadWorker.class, "done", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final WorkerSink pool;
    private final SerializableRunnable initializer;
    /** The chunk the thread runs and its results so far: tasks before {@link #done} have finished. */
    private volatile Chunk current;
    private volatile Object[] results;
    /** Written with release semantics after each task (a plain store on x86), read with acquire. */
    private int done;
    /**
     * The label of the call whose chunk this worker runs, or ran last (as a worker JVM keeps it in
     * its {@code WorkerLoop}): the context of what its tasks log.
     */
    private volatile String callLabel;
    /** What the watchdog saw last: the chunk and its tasks done. */
    private Chunk sampledChunk;
    private int sampledDone;
    private final AtomicBoolean gone = new AtomicBoolean();
    /** Made with the worker, so that the pool may kill a worker whose start it raced. */
    private final Thread thread;

    ThreadWorker(String name, WorkerSink pool, SerializableRunnable initializer) {
        super(name);
        this.pool = pool;
        this.initializer = initializer;
        this.pid = ProcessHandle.current().pid();
        this.thread = new Thread(pool.guarded(this::run), name);
        thread.setDaemon(true);
    }

    @Override
    void start() {
        thread.start();
    }

    /**
     * A thread cannot be killed: it is interrupted and abandoned, and the pool replaces it. The
     * results of the tasks of its chunk that finished are delivered first.
     */
    @Override
    void kill() {
        Chunk chunk = current;
        Object[] finished = results;
        int count = (int) DONE.getAcquire(this);
        if (chunk != null && finished != null && !gone.get()) {
            // before the interrupt: the interrupted task may fail, and its thread stop, at once
            Chunk delivered = pool.chunkProgressed(this, chunk.id, count, 0);
            if (delivered != null) {
                int from = (int) (delivered.first - chunk.first);
                pool.results(delivered, Arrays.copyOfRange(finished, from, from + delivered.count), 0, null, true);
            }
        }
        thread.interrupt();
        exited();
    }

    /** A task that finished since the last look means the one running now started about now. */
    @Override
    void sample(Chunk running, long now) {
        int count = (int) DONE.getAcquire(this);
        if (running != sampledChunk || count != sampledDone) {
            if (running == sampledChunk) {
                running.taskStartedNanos = now;
            }
            sampledChunk = running;
            sampledDone = count;
        }
    }

    private void run() {
        if (initializer != null) {
            try {
                initializer.run();
            } catch (Throwable t) {
                pool.initializerFailed(this, t);
                exited();
                return;
            }
        }
        ready = true;
        try {
            pool.ready(this);
            runChunks();
        } catch (Throwable t) {
            // stopped first, so that the pool does not replace this worker when it exits
            pool.threadFailed(t);
        } finally {
            CallContext.clear();
        }
        exited();
    }

    private void runChunks() {
        List<Chunk> chunks;
        while (!gone.get() && (chunks = pool.take(this)) != null) {
            for (Chunk chunk : chunks) {
                if (gone.get()) {
                    return;
                }
                Object[] items = chunk.payload().items();
                Object[] results = new Object[items.length];
                DONE.setRelease(this, 0);
                this.results = results;
                current = chunk;
                callLabel = chunk.call.settings.label();
                CallContext.set(CallOptions.UNLABELLED.equals(callLabel) ? null : callLabel);
                long[] taskNanos = pool.timesTasks() ? new long[items.length] : null;
                long start = System.nanoTime();
                long taskStart = start;
                for (int i = 0; i < items.length; i++) {
                    results[i] = Functions.run(chunk.call.function.function, items[i]);
                    if (taskNanos != null) {
                        long now = System.nanoTime();
                        taskNanos[i] = now - taskStart;
                        taskStart = now;
                    }
                    DONE.setRelease(this, i + 1);
                }
                if (gone.get()) {
                    return;
                }
                long nanos = System.nanoTime() - start;
                Chunk rest = pool.chunkFinished(this, chunk.id, nanos);
                if (rest != null) {
                    pool.results(rest, rest == chunk ? results
                            : Arrays.copyOfRange(results, results.length - rest.count, results.length), nanos, taskNanos, false);
                }
            }
        }
    }

    /** @return the label of the call whose chunk this worker runs, or ran last; {@code null} before the first */
    String callLabel() {
        return callLabel;
    }

    private void exited() {
        if (gone.compareAndSet(false, true)) {
            pool.exited(this, 0);
        }
    }
}
