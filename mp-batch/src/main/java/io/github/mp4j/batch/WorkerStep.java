package io.github.mp4j.batch;

import java.io.Serializable;

/**
 * The unit of work one partition runs in a worker JVM: a serializable function of the
 * partition's {@link WorkerPartition} (its execution context, step and job) that does the
 * partition's reading, processing and writing there and reports what it did.
 *
 * <p>Most users do not implement it: {@link ChunkWorkerStep} builds a reader, processor and
 * writer in the worker from the partition's execution context and runs them chunk-oriented, as
 * a local chunk-oriented step would. Implement it directly for work that is not item-shaped
 * (one command per partition, say) and report counts with {@link PartitionReport#completed}.
 *
 * <p>An implementation is serialized to the worker (with Kryo, as every pool task is), so its
 * fields must be serializable values: file names, sizes, lambdas. Build the readers and writers
 * in {@link #execute}, not in the manager: they hold files and connections that do not travel.
 */
@FunctionalInterface
public interface WorkerStep extends Serializable {

    /**
     * Runs the partition, in a worker JVM. An exception thrown here fails the partition with it
     * as the cause; a step that catches its failures returns {@link PartitionReport#failed}
     * instead, with the counts and the execution context of its last completed chunk.
     *
     * @param partition the partition's context, step and job
     * @return what the partition did: status, counts, exit status, its execution context
     * @throws Exception if the partition failed
     */
    PartitionReport execute(WorkerPartition partition) throws Exception;
}
