package io.github.mp4j.pool;

/**
 * Something that happened in a pool, as its listeners hear it (see
 * {@link ProcessPool#addListener}).
 *
 * <p>Listeners run on the pool's own thread that saw the event: the receiver thread of a worker
 * JVM, the thread of a thread worker, or the thread that started or stopped a worker. They must
 * return quickly. A listener that throws an exception is logged (logger
 * {@code io.github.mp4j.pool.internal.PoolEvents}, level WARNING) and the pool goes on as if it had
 * returned; an {@link Error} stops the pool, as any error in its threads does (see
 * {@link ProcessPool}).
 */
public sealed interface PoolEvent {

    /**
     * A chunk of tasks finished in a worker.
     *
     * @param tasks how many tasks it held
     * @param failed how many of them failed
     * @param nanos how long the worker took for the whole chunk
     * @param label the label of the call it belongs to ({@link CallOptions#label()}),
     *     {@link CallOptions#UNLABELLED} for a call made without one
     * @param taskTimes how long each of its tasks took (see {@link TaskTimes} for when they are
     *     measured rather than the chunk's mean)
     */
    record ChunkCompleted(int tasks, int failed, long nanos, String label, TaskTimes taskTimes) implements PoolEvent {

        /**
         * @throws NullPointerException if {@code taskTimes} is null
         * @throws IllegalArgumentException if it does not hold {@code tasks} times
         */
        public ChunkCompleted {
            if (taskTimes.count() != tasks) {
                throw new IllegalArgumentException("taskTimes must hold one time per task (" + tasks + "), held "
                        + taskTimes.count());
            }
        }

        /**
         * An event whose tasks are each given the chunk's mean time.
         *
         * @param tasks how many tasks it held
         * @param failed how many of them failed
         * @param nanos how long the worker took for the whole chunk
         * @param label the label of the call it belongs to
         */
        public ChunkCompleted(int tasks, int failed, long nanos, String label) {
            this(tasks, failed, nanos, label, TaskTimes.uniform(tasks, nanos));
        }
    }

    /**
     * A worker is ready for tasks.
     *
     * @param worker the worker
     */
    record WorkerStarted(WorkerInfo worker) implements PoolEvent {
    }

    /**
     * A worker stopped.
     *
     * @param worker the worker
     * @param exitCode its exit code (see {@code io.github.mp4j.process.ExitCodes}), or 0 for a thread
     * @param crashed whether it died unexpectedly or was killed for a timeout (rather than
     *     recycled or shut down)
     * @param description how it ended, as in "exited with code 7" or "was killed by signal 9 (SIGKILL)"
     */
    record WorkerExited(WorkerInfo worker, int exitCode, boolean crashed, String description) implements PoolEvent {
    }
}
