package io.github.mp4j.pool;

/**
 * Hears what happens in a pool. Called on the pool's own threads: return quickly and do not
 * throw (an exception is printed and ignored; an {@link Error} stops the pool, as any error in
 * its threads does: see {@link ProcessPool}).
 */
public interface PoolListener {

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
