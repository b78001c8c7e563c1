package io.github.mp4j.pool.internal;

import java.util.List;

/**
 * All a {@link Worker} may ask of or tell its pool, whatever runs it. Each method is called by
 * the worker's own threads (a JVM worker's sender and receiver, a thread worker's thread), and
 * each says what happened rather than changes the pool's state: the pool decides what follows.
 */
interface WorkerSink {

    /**
     * @return the loop of one of the worker's threads, made to stop the pool if it fails with what
     *     it cannot handle (see {@link #threadFailed})
     */
    Runnable guarded(Runnable loop);

    /**
     * Waits for chunks the worker may run.
     *
     * @return chunks, now the worker's; {@code null} when the worker should stop
     */
    List<Chunk> take(Worker worker);

    /** The worker is ready for tasks (its initializer ran). */
    void ready(Worker worker);

    /**
     * A chunk finished: frees the worker's slot for the next one; called before its results are
     * decoded.
     *
     * @return the tasks whose results are still to be delivered, or {@code null} if none
     */
    Chunk chunkFinished(Worker worker, long chunkId, long nanos);

    /**
     * The worker reported on the chunk it runs: its first {@code done} tasks finished, and the
     * next one has been running for {@code runningNanos}.
     *
     * @return the finished tasks whose results are still to be delivered, or {@code null}
     */
    Chunk chunkProgressed(Worker worker, long chunkId, int done, long runningNanos);

    /**
     * Results of the tasks of {@code part} (as returned by {@link #chunkFinished} or
     * {@link #chunkProgressed}); {@code early} when they came before their chunk finished. With
     * the chunk's last results, {@code taskNanos} holds how long each of its tasks took, or is
     * {@code null} if the worker did not measure them.
     */
    void results(Chunk part, Object[] results, long nanos, long[] taskNanos, boolean early);

    /** {@link #results} for results that are all {@code Long}s, kept unboxed. */
    void longResults(Chunk part, long[] results, long nanos, long[] taskNanos, boolean early);

    /** @return whether workers should measure each task of the chunks they are sent now (someone listens) */
    boolean timesTasks();

    /** The pool's initializer failed in this worker: the pool cannot run tasks. */
    void initializerFailed(Worker worker, Throwable error);

    /**
     * The worker is gone; called once.
     *
     * @param exitCode its exit code (see {@link io.github.mp4j.process.ExitCodes}), 0 for a thread
     */
    void exited(Worker worker, int exitCode);

    /** One of the worker's threads failed with what it cannot handle, an {@link Error} included: the pool stops. */
    void threadFailed(Throwable cause);

    /** @return whether workers now exit because the pool is terminated or its JVM is exiting, not because they crashed */
    boolean stopsWorkers();

    /** Bytes written to the worker, frame headers included, counted before the write. */
    void sent(long bytes);

    /** Bytes read from the worker, frame headers included. */
    void received(long bytes);
}
