/**
 * Pools of workers, as CPython's {@code multiprocessing.Pool}: {@link io.github.mp4j.pool.ProcessPool}
 * runs apply, map, starmap and imap calls (blocking or as {@link io.github.mp4j.pool.AsyncResult}s)
 * on worker JVMs, or on threads with {@code StartMethod.THREADS}; {@link io.github.mp4j.pool.PoolConfig}
 * sets its size, chunking, timeouts, retries and worker recycling. What happens inside is observable:
 * {@link io.github.mp4j.pool.PoolMetrics}, {@link io.github.mp4j.pool.WorkerInfo} and
 * {@link io.github.mp4j.pool.PoolEvent}s for listeners. Each failure has an exception of its own
 * ({@link io.github.mp4j.pool.TaskFailedException}, {@link io.github.mp4j.pool.WorkerDiedException},
 * {@link io.github.mp4j.pool.TaskTimeoutException}, {@link io.github.mp4j.pool.PoolClosedException}).
 */
package io.github.mp4j.pool;
