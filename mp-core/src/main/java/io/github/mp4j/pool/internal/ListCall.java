package io.github.mp4j.pool.internal;

import io.github.mp4j.pool.Progress;
import io.github.mp4j.pool.TaskFailedException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A call over inputs known in full at submission (apply, map, starmap): results are collected in
 * input order, and the first failure fails the call and stops cutting its remaining chunks.
 */
final class ListCall extends Call {

    private final String kind;
    private final Inputs inputs;
    private final Object[] results;
    private final AtomicLong done = new AtomicLong();
    private final CompletableFuture<List<Object>> future = new CompletableFuture<>();
    private int next;

    ListCall(long id, String kind, FunctionRef function, int chunkSize, Inputs inputs) {
        super(id, function, chunkSize);
        this.kind = kind;
        this.inputs = inputs;
        this.results = new Object[inputs.count()];
        if (results.length == 0) {
            future.complete(List.of());
        }
    }

    CompletableFuture<List<Object>> future() {
        return future;
    }

    Progress progress() {
        return new Progress(done.get(), results.length);
    }

    @Override
    long ready() {
        return future.isDone() ? 0 : inputs.count() - next;
    }

    @Override
    long remaining() {
        return ready();
    }

    @Override
    boolean exhausted() {
        return ready() == 0;
    }

    @Override
    Chunk cut(long chunkId, int size) {
        int count = Math.min(size, inputs.count() - next);
        Chunk chunk = new Chunk(chunkId, this, next, count, inputs.slice(next, next + count));
        next += count;
        countChunk();
        return chunk;
    }

    @Override
    void completed(Chunk chunk, Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof TaskFailure failure) {
                future.completeExceptionally(taskFailed(chunk, chunk.first + i, failure.error()));
                return;
            }
        }
        System.arraycopy(values, 0, results, (int) chunk.first, values.length);
        if (done.addAndGet(values.length) == results.length) {
            future.complete(Collections.unmodifiableList(Arrays.asList(results)));
        }
    }

    @Override
    void failed(Chunk chunk, TaskFailedException failure) {
        done.addAndGet(chunk.count);
        future.completeExceptionally(failure);
    }

    @Override
    void abort(RuntimeException failure) {
        future.completeExceptionally(failure);
    }

    @Override
    String describe() {
        return kind + " call " + id;
    }
}
