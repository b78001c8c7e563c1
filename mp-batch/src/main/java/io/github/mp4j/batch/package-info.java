/**
 * Spring Batch on mp4j worker JVMs: a {@link io.github.mp4j.batch.ProcessPoolPartitionHandler}
 * that runs each partition of a partitioned step in a pool worker while the manager JVM keeps
 * the {@code JobRepository}, the unit of work a partition runs there
 * ({@link io.github.mp4j.batch.WorkerStep}, chunk-oriented with
 * {@link io.github.mp4j.batch.ChunkWorkerStep}), and partitioners for files.
 */
package io.github.mp4j.batch;
