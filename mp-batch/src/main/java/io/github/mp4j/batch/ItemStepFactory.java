package io.github.mp4j.batch;

import java.io.Serializable;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Builds, in the worker JVM, the reader, processor and writer of one partition from the
 * partition's execution context (the file or range its partitioner put there): what a
 * {@link ChunkWorkerStep} runs. It is serialized to the worker, so it holds only serializable
 * values; the readers and writers it makes never leave the worker.
 *
 * <p>A reader, processor or writer that is an {@code ItemStream} is opened with the
 * partition's execution context, updated after each chunk and closed at the end, as in a local
 * step: what it saves there reaches the partition's {@code StepExecution} and, on a restart,
 * lets it resume.
 *
 * @param <I> the items read
 * @param <O> the items written
 */
public interface ItemStepFactory<I, O> extends Serializable {

    /**
     * @param partition the partition's execution context
     * @return the partition's reader; {@code null} from {@code read()} ends the partition
     * @throws Exception if it cannot be made
     */
    ItemReader<? extends I> reader(ExecutionContext partition) throws Exception;

    /**
     * @param partition the partition's execution context
     * @return the partition's processor; by default items pass through unchanged
     * @throws Exception if it cannot be made
     */
    @SuppressWarnings("unchecked")
    default ItemProcessor<? super I, ? extends O> processor(ExecutionContext partition) throws Exception {
        return item -> (O) item;
    }

    /**
     * @param partition the partition's execution context
     * @return the partition's writer
     * @throws Exception if it cannot be made
     */
    ItemWriter<? super O> writer(ExecutionContext partition) throws Exception;
}
