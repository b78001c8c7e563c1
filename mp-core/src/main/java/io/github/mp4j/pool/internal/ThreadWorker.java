package io.github.mp4j.pool.internal;

import io.github.mp4j.function.SerializableRunnable;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** A worker that is a thread of this JVM (Python's {@code ThreadPool}); tasks are not serialized. */
final class ThreadWorker extends Worker {

    private final PoolImpl pool;
    private final SerializableRunnable initializer;
    private final AtomicBoolean gone = new AtomicBoolean();
    /** Made with the worker, so that the pool may kill a worker whose start it raced. */
    private final Thread thread;

    ThreadWorker(String name, PoolImpl pool, SerializableRunnable initializer) {
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

    /** A thread cannot be killed: it is interrupted and abandoned, and the pool replaces it. */
    @Override
    void kill() {
        thread.interrupt();
        exited();
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
            pool.workerReady(this);
            runChunks();
        } catch (Throwable t) {
            // stopped first, so that the pool does not replace this worker when it exits
            pool.threadFailed(t);
        }
        exited();
    }

    private void runChunks() {
        List<Chunk> chunks;
        while (!gone.get() && (chunks = pool.scheduler().take(this)) != null) {
            for (Chunk chunk : chunks) {
                if (gone.get()) {
                    return;
                }
                Object[] items = chunk.payload().items();
                Object[] results = new Object[items.length];
                long start = System.nanoTime();
                for (int i = 0; i < items.length; i++) {
                    results[i] = Functions.run(chunk.call.function.function, items[i]);
                }
                if (gone.get()) {
                    return;
                }
                long nanos = System.nanoTime() - start;
                if (pool.chunkFinished(this, chunk.id, nanos) != null) {
                    pool.deliver(chunk, results, nanos);
                }
            }
        }
    }

    private void exited() {
        if (gone.compareAndSet(false, true)) {
            pool.workerExited(this, 0);
        }
    }
}
