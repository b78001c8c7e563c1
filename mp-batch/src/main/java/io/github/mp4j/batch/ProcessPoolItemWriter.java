package io.github.mp4j.batch;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.pool.TaskFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.skip.NeverSkipItemSkipPolicy;
import org.springframework.batch.core.step.skip.SkipPolicy;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * The writer paired with a {@link ProcessPoolItemProcessor} (like Spring Batch's
 * {@code AsyncItemWriter}): waits for each item's result in item order, so the delegate gets
 * the chunk's results in the order the items were read, whatever order the workers finished in.
 * A {@code null} result was filtered out and is not written.
 *
 * <p>An item whose processing failed (after the processor's retries, and the pool's retries of a
 * dead worker's items) is offered to the {@link #skipPolicy skip policy}: if it says skip, the
 * item is dropped and counted as a process skip of the step; otherwise, and by default, the
 * task's own exception is thrown, as a local processor's would be, for the step's own fault
 * tolerance ({@code faultTolerant().skip(...)}) or failure. On any exception the chunk's
 * remaining calls are cancelled.
 *
 * @param <O> the items written
 */
public class ProcessPoolItemWriter<O> implements ItemStreamWriter<Future<O>> {

    private final ItemWriter<? super O> delegate;
    private SkipPolicy skipPolicy = new NeverSkipItemSkipPolicy();

    /**
     * @param delegate the writer of the results; opened, updated and closed with this writer if it is an {@code ItemStream}
     */
    public ProcessPoolItemWriter(ItemWriter<? super O> delegate) {
        if (delegate == null) {
            throw new IllegalArgumentException("delegate must not be null");
        }
        this.delegate = delegate;
    }

    /**
     * @param policy decides whether an item whose processing failed is skipped; it is asked with
     *     the task's own exception and the step's process skip count so far
     * @return this writer
     */
    public ProcessPoolItemWriter<O> skipPolicy(SkipPolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("skip policy must not be null");
        }
        this.skipPolicy = policy;
        return this;
    }

    @Override
    public void write(Chunk<? extends Future<O>> chunk) throws Exception {
        List<O> results = new ArrayList<>(chunk.size());
        List<? extends Future<O>> pending = chunk.getItems();
        try {
            for (Future<O> result : pending) {
                O value = await(result);
                if (value != null) {
                    results.add(value);
                }
            }
        } catch (Exception | Error failure) {
            pending.forEach(result -> result.cancel(true));
            throw failure;
        }
        delegate.write(new Chunk<>(results));
    }

    /** The item's result, {@code null} if filtered or skipped; throws what should not be skipped. */
    private O await(Future<O> result) throws Exception {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MpInterruptedException("the processing of an item on the pool", e);
        } catch (ExecutionException e) {
            Throwable failure = e.getCause() instanceof TaskFailedException task && task.getCause() != null
                    ? task.getCause() : e.getCause();
            skipOrThrow(failure);
            return null;
        }
    }

    private void skipOrThrow(Throwable failure) throws Exception {
        StepContext step = StepSynchronizationManager.getContext();
        StepExecution execution = step == null ? null : step.getStepExecution();
        long skipped = execution == null ? 0 : execution.getProcessSkipCount();
        if (skipPolicy.shouldSkip(failure, skipped)) {
            if (execution != null) {
                execution.setProcessSkipCount(skipped + 1);
            }
            return;
        }
        if (failure instanceof Exception exception) {
            throw exception;
        }
        throw (Error) failure;
    }

    @Override
    public void open(ExecutionContext context) {
        if (delegate instanceof ItemStream stream) {
            stream.open(context);
        }
    }

    @Override
    public void update(ExecutionContext context) {
        if (delegate instanceof ItemStream stream) {
            stream.update(context);
        }
    }

    @Override
    public void close() {
        if (delegate instanceof ItemStream stream) {
            stream.close();
        }
    }
}
