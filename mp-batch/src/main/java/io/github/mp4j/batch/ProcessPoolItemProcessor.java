package io.github.mp4j.batch;

import io.github.mp4j.function.SerializableFunction;
import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.ProcessPool;
import java.io.Serial;
import java.util.List;
import java.util.concurrent.Future;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * An {@code ItemProcessor} whose work runs in the worker JVMs of a {@link ProcessPool}: like
 * Spring Batch's {@code AsyncItemProcessor}, it returns at once a {@link Future} of each item's
 * result, so all the items of a chunk are processed in parallel, on all cores, while the step's
 * thread goes on reading; pair it with a {@link ProcessPoolItemWriter}, which waits for the
 * results in item order and writes them.
 *
 * <pre>{@code
 * new StepBuilder("score", jobRepository)
 *         .<Order, Future<Score>>chunk(200)
 *         .reader(orders)
 *         .processor(new ProcessPoolItemProcessor<Order, Score>(pool, Scoring::score))
 *         .writer(new ProcessPoolItemWriter<>(scores).skipPolicy(skipPolicy))
 *         .build();
 * }</pre>
 *
 * <p>The function is serialized to the workers (a serializable lambda or class, as every pool
 * task). A worker that dies fails only the items it was running; with
 * {@link CallOptions#withRetries retries} in the {@link #setCallOptions call options} (or the
 * pool's configuration) those items run again on another worker. Exceptions the function throws
 * can be retried in the worker with {@link #setRetry}; what still fails reaches the writer, where
 * its skip policy decides. Each item is a pool call labelled {@code job/step}, so mp4j's per-call
 * meters and worker logs name the job and step.
 *
 * @param <I> the items read
 * @param <O> the items written
 */
public class ProcessPoolItemProcessor<I, O> implements ItemProcessor<I, Future<O>> {

    private final ProcessPool pool;
    private final SerializableFunction<I, O> function;
    private CallOptions callOptions = CallOptions.defaults();
    private CallOptions labelled;
    private String labelledFor;
    private int retryLimit;
    private List<Class<? extends Throwable>> retryable = List.of();

    /**
     * @param pool the pool whose workers process the items
     * @param function what to do with each item; {@code null} filters the item out
     */
    public ProcessPoolItemProcessor(ProcessPool pool, SerializableFunction<I, O> function) {
        if (pool == null || function == null) {
            throw new IllegalArgumentException("pool and function must not be null");
        }
        this.pool = pool;
        this.function = function;
    }

    /**
     * @param options options of the items' pool calls (retries of a dead worker's items, task
     *     timeout, priority); without a label of their own, calls are labelled {@code job/step}
     */
    public void setCallOptions(CallOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        this.callOptions = options;
    }

    /**
     * Retries, in the worker, an item whose function throws one of these exceptions (or a
     * subclass), up to {@code limit} more times before the failure goes to the writer.
     *
     * @param limit further attempts per item, {@code >= 0}
     * @param retryable the exceptions worth another attempt ({@code List.of(IOException.class)}, say)
     */
    public void setRetry(int limit, List<Class<? extends Throwable>> retryable) {
        if (limit < 0) {
            throw new IllegalArgumentException("retry limit must be >= 0, was " + limit);
        }
        this.retryLimit = limit;
        this.retryable = List.copyOf(retryable);
    }

    @Override
    public Future<O> process(I item) {
        SerializableFunction<I, O> task = retryLimit == 0 ? function : new Retrying<>(function, retryLimit, retryable);
        return pool.applyAsync(task, item, options()).toCompletableFuture();
    }

    private synchronized CallOptions options() {
        if (!CallOptions.UNLABELLED.equals(callOptions.label())) {
            return callOptions;
        }
        StepContext step = StepSynchronizationManager.getContext();
        String label = step == null ? null : step.getJobName() + "/" + step.getStepName();
        if (label == null) {
            return callOptions;
        }
        if (!label.equals(labelledFor)) {
            labelledFor = label;
            labelled = callOptions.withLabel(label.length() > CallOptions.MAX_LABEL_LENGTH
                    ? label.substring(0, CallOptions.MAX_LABEL_LENGTH) : label);
        }
        return labelled;
    }

    /** The function, tried again in the worker on a retryable exception. */
    private record Retrying<I, O>(SerializableFunction<I, O> function, int limit,
                                  List<Class<? extends Throwable>> retryable) implements SerializableFunction<I, O> {

        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public O apply(I item) {
            for (int attempt = 0; ; attempt++) {
                try {
                    return function.apply(item);
                } catch (RuntimeException e) {
                    if (attempt >= limit || retryable.stream().noneMatch(type -> type.isInstance(e))) {
                        throw e;
                    }
                }
            }
        }
    }
}
