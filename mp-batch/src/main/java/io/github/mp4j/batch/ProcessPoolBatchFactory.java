package io.github.mp4j.batch;

import io.github.mp4j.function.SerializableFunction;
import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.ProcessPool;
import java.time.Duration;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Makes the mp4j pieces of Spring Batch steps on one pool and one {@code JobRepository} with the
 * same settings: partition handlers, item processors and their writers. The Spring Boot starter
 * makes it a bean when Spring Batch is on the class path; inject it into step definitions.
 *
 * <pre>{@code
 * @Bean
 * Step sales(JobRepository jobRepository, ProcessPoolBatchFactory mp4j) {
 *     return new StepBuilder("sales", jobRepository)
 *             .partitioner("sales-file", FilePartitioner.perFile(files))
 *             .partitionHandler(mp4j.partitionHandler(ChunkWorkerStep.of(500, new SalesItems())))
 *             .build();
 * }
 * }</pre>
 */
public final class ProcessPoolBatchFactory {

    private final ProcessPool pool;
    private final JobRepository jobRepository;
    private final int gridSize;
    private final CallOptions callOptions;
    private final Duration stopPollInterval;

    /**
     * @param pool the pool whose workers run the partitions and items
     * @param jobRepository the repository partitions are recorded in
     * @param gridSize the partitions a partitioner is asked for; 0 for one per pool worker
     * @param callOptions options of the pool calls (retries of a dead worker's work, task timeout, priority)
     * @param stopPollInterval how often a partition handler checks whether its job was asked to stop
     */
    public ProcessPoolBatchFactory(ProcessPool pool, JobRepository jobRepository, int gridSize, CallOptions callOptions,
                                   Duration stopPollInterval) {
        if (gridSize < 0) {
            throw new IllegalArgumentException("gridSize must be >= 0 (0: one partition per worker), was " + gridSize);
        }
        this.pool = pool;
        this.jobRepository = jobRepository;
        this.gridSize = gridSize == 0 ? pool.config().processes() : gridSize;
        this.callOptions = callOptions;
        this.stopPollInterval = stopPollInterval;
    }

    /** @return the pool */
    public ProcessPool pool() {
        return pool;
    }

    /** @return the partitions a partitioner is asked for */
    public int gridSize() {
        return gridSize;
    }

    /** @return the options of the pool calls */
    public CallOptions callOptions() {
        return callOptions;
    }

    /**
     * @param workerStep what each partition runs in its worker
     * @return a partition handler with this factory's grid size, call options and stop poll interval
     */
    public ProcessPoolPartitionHandler partitionHandler(WorkerStep workerStep) {
        ProcessPoolPartitionHandler handler = new ProcessPoolPartitionHandler(pool, jobRepository, workerStep);
        handler.setGridSize(gridSize);
        handler.setCallOptions(callOptions);
        handler.setStopPollInterval(stopPollInterval);
        return handler;
    }

    /**
     * @param <I> the items read
     * @param <O> the items written
     * @param function what to do with each item, in a worker
     * @return an item processor with this factory's call options; pair it with {@link #itemWriter}
     */
    public <I, O> ProcessPoolItemProcessor<I, O> itemProcessor(SerializableFunction<I, O> function) {
        ProcessPoolItemProcessor<I, O> processor = new ProcessPoolItemProcessor<>(pool, function);
        processor.setCallOptions(callOptions);
        return processor;
    }

    /**
     * @param <O> the items written
     * @param delegate the writer of the results
     * @return the writer that waits for an item processor's results in order
     */
    public <O> ProcessPoolItemWriter<O> itemWriter(ItemWriter<? super O> delegate) {
        return new ProcessPoolItemWriter<>(delegate);
    }
}
