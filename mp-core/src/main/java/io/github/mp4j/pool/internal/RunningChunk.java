package io.github.mp4j.pool.internal;

/**
 * A worker and the chunk it runs, as the {@link Scheduler} saw them: what the
 * {@link TimeoutWatchdog} checks against the task timeout.
 *
 * @param worker the worker
 * @param chunk the first of its unfinished chunks, the one running
 */
record RunningChunk(Worker worker, Chunk chunk) {
}
