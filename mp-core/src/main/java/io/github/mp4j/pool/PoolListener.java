package io.github.mp4j.pool;

import java.util.function.Consumer;

/**
 * Hears what happens in a pool, one method per kind of {@link PoolEvent}. Called as
 * {@link PoolEvent} describes: on the pool's own threads; return quickly and do not throw.
 *
 * @deprecated listen to {@link PoolEvent}s with a {@code Consumer<PoolEvent>} given to
 *     {@link ProcessPool#addListener}; this interface is such a consumer, kept for code written
 *     before the events were records
 */
@Deprecated(since = "0.1.0")
public interface PoolListener extends Consumer<PoolEvent> {

    /**
     * Dispatches an event to the method for its kind.
     *
     * @param event what happened
     */
    @Override
    default void accept(PoolEvent event) {
        if (event instanceof PoolEvent.ChunkCompleted chunk) {
            chunkCompleted(chunk.tasks(), chunk.failed(), chunk.nanos());
        } else if (event instanceof PoolEvent.WorkerStarted started) {
            workerStarted(started.worker());
        } else if (event instanceof PoolEvent.WorkerExited exited) {
            workerExited(exited.worker(), exited.exitCode(), exited.crashed());
        }
    }

    /**
     * A chunk of tasks finished in a worker.
     *
     * @param tasks how many tasks it held
     * @param failed how many of them failed
     * @param nanos how long the worker took for the whole chunk
     */
    default void chunkCompleted(int tasks, int failed, long nanos) {
    }

    /**
     * A worker is ready for tasks.
     *
     * @param worker the worker
     */
    default void workerStarted(WorkerInfo worker) {
    }

    /**
     * A worker stopped.
     *
     * @param worker the worker
     * @param exitCode its exit code (see {@code ExitCodes}), or 0 for a thread
     * @param crashed whether it died unexpectedly or was killed for a timeout (rather than
     *     recycled or shut down)
     */
    default void workerExited(WorkerInfo worker, int exitCode, boolean crashed) {
    }
}
