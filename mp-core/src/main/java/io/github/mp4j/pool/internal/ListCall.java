package io.github.mp4j.pool.internal;

import io.github.mp4j.pool.Progress;
import io.github.mp4j.pool.TaskFailedException;
import io.github.mp4j.pool.TaskOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A call over inputs known in full at submission (apply, map, starmap): results are collected in
 * input order, and the first failure fails the call and stops cutting its remaining chunks.
 *
 * <p>Chunks whose results are all {@code Long}s are kept unboxed until the call completes. If every
 * chunk was such, the caller gets a list over the primitive array: a million results then cost
 * one array instead of a million objects that every garbage collection during the call would
 * have to copy. Otherwise they are boxed into the one result array at completion.
 *
 * <p>A call that collects failures ({@code mapOutcomes}) does not stop at the first: each task's
 * {@link TaskFailure} is kept in its slot, and the caller gets a {@link TaskOutcome} per item.
 *
 * <p>A call that was stopped (cancelled, timed out, or its pool terminated) ignores the results
 * of its abandoned chunks as they arrive.
 */
final class ListCall extends Call {

    private final String kind;
    private final Inputs inputs;
    private final int count;
    private final boolean collectFailures;
    /** Results of chunks with object results; allocated by the first such chunk. */
    private Object[] results;
    /** Results of chunks with {@code Long} results; allocated by the first such chunk. */
    private long[] longs;
    /** {@code {first, count}} of each chunk stored in {@link #longs}. */
    private final List<int[]> longRanges = new ArrayList<>();
    private final AtomicLong done = new AtomicLong();
    /** Ends the call (see {@link #onEnd}) before anyone waiting for it can see it complete. */
    private final CompletableFuture<List<Object>> future = new CompletableFuture<>() {
        @Override
        public boolean complete(List<Object> value) {
            ended();
            return super.complete(value);
        }

        @Override
        public boolean completeExceptionally(Throwable failure) {
            ended();
            return super.completeExceptionally(failure);
        }
    };
    private int next;

    ListCall(long id, String kind, FunctionRef function, int chunkSize, CallSettings settings, Inputs inputs,
             boolean collectFailures) {
        super(id, function, chunkSize, settings);
        this.kind = kind;
        this.collectFailures = collectFailures;
        this.inputs = inputs;
        this.count = inputs.count();
        if (count == 0) {
            future.complete(List.of());
        }
    }

    CompletableFuture<List<Object>> future() {
        return future;
    }

    Progress progress() {
        return new Progress(done.get(), count);
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
        Chunk chunk = new Chunk(chunkId, this, next, count, inputs, next);
        next += count;
        countChunk();
        return chunk;
    }

    @Override
    void completed(Chunk chunk, Object[] values) {
        if (future.isDone()) {
            return;
        }
        for (int i = 0; i < values.length && !collectFailures; i++) {
            if (values[i] instanceof TaskFailure failure) {
                future.completeExceptionally(taskFailed(chunk, chunk.first + i, failure.error()));
                return;
            }
        }
        System.arraycopy(values, 0, objects(), (int) chunk.first, values.length);
        finished(values.length);
    }

    @Override
    void completedLongs(Chunk chunk, long[] values) {
        if (future.isDone()) {
            return;
        }
        System.arraycopy(values, 0, longs(chunk, values.length), (int) chunk.first, values.length);
        finished(values.length);
    }

    private void finished(int tasks) {
        if (done.addAndGet(tasks) == count) {
            future.complete(collect());
        }
    }

    /** Called once every chunk was stored: each stored before its thread counted it done. */
    private synchronized List<Object> collect() {
        if (collectFailures) {
            return outcomes();
        }
        if (results == null) {
            return new LongList(longs);
        }
        for (int[] range : longRanges) {
            for (int i = range[0]; i < range[0] + range[1]; i++) {
                results[i] = longs[i];
            }
        }
        return Collections.unmodifiableList(Arrays.asList(results));
    }

    private List<Object> outcomes() {
        Object[] outcomes = new Object[count];
        for (int i = 0; i < count; i++) {
            Object value = results == null ? null : results[i];
            outcomes[i] = value instanceof TaskFailure failure ? TaskOutcome.failure(failureOf(i, failure.error()))
                    : TaskOutcome.success(value);
        }
        for (int[] range : longRanges) {
            for (int i = range[0]; i < range[0] + range[1]; i++) {
                outcomes[i] = TaskOutcome.success(longs[i]);
            }
        }
        return Collections.unmodifiableList(Arrays.asList(outcomes));
    }

    private TaskFailedException failureOf(int index, Throwable error) {
        return error instanceof TaskFailedException failed ? failed
                : new TaskFailedException("task #" + index + " of " + describe() + " failed: " + error, error);
    }

    private synchronized Object[] objects() {
        if (results == null) {
            results = new Object[count];
        }
        return results;
    }

    private synchronized long[] longs(Chunk chunk, int tasks) {
        if (longs == null) {
            longs = new long[count];
        }
        longRanges.add(new int[] {(int) chunk.first, tasks});
        return longs;
    }

    @Override
    void failed(Chunk chunk, TaskFailedException failure) {
        if (collectFailures && !future.isDone()) {
            Object[] failures = new Object[chunk.count];
            Arrays.fill(failures, new TaskFailure(failure));
            System.arraycopy(failures, 0, objects(), (int) chunk.first, failures.length);
            finished(failures.length);
            return;
        }
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
