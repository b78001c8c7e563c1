package io.github.mp4j.pool.internal;

import io.github.mp4j.pool.TaskFailedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One submitted call (apply, map, imap...): where its chunks come from and where its results go.
 * Chunks are cut by the scheduler under its lock; results arrive on worker threads.
 */
abstract class Call {

    final long id;
    final FunctionRef function;
    /** Tasks per chunk, or 0 for automatic. */
    final int chunkSize;
    /** The call's label, its priority, retries and task timeout, resolved against the pool's configuration. */
    final CallSettings settings;
    /** The label as it travels in each CHUNK message (see {@link PoolProtocol}), encoded once. */
    final byte[] labelBytes;
    /**
     * Set once the call was cancelled or timed out: no chunk of it is sent any more, chunks of it
     * that were sent are abandoned, and a worker lost while running one is not held against it.
     */
    volatile boolean stopped;
    /**
     * Guarded by the scheduler's lock: the call's place in the round-robin between calls (stride
     * scheduling, see {@link ChunkCutter}): the call with the lowest pass gets the next chunk, and
     * each chunk adds a stride inversely proportional to its priority.
     */
    double pass;
    /** Guarded by the scheduler's lock: the call's place in the order of submission, which breaks ties between passes. */
    long submitted;
    /** Guarded by this: what runs when the call ends, and whether it has. */
    private final List<Runnable> endActions = new ArrayList<>(2);
    private boolean ended;
    private int chunksCut;
    /**
     * Guarded by the scheduler's lock: the time this call's own tasks and chunks take, NaN until
     * its first chunk finished. The function's history only seeds a call's first chunks: the same
     * function may take microseconds on one call's items and seconds on the next one's.
     */
    double nanosPerTask = Double.NaN;
    double chunkNanos = Double.NaN;
    /** Guarded by the scheduler's lock: tasks of this call that workers hold. */
    long tasksHeld;

    Call(long id, FunctionRef function, int chunkSize, CallSettings settings) {
        this.id = id;
        this.function = function;
        this.chunkSize = chunkSize;
        this.settings = settings;
        this.labelBytes = settings.label().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code action} once, when the call ends (its result is complete, it failed, or it was
     * stopped), before its caller can see that it did; at once if it has ended already.
     */
    void onEnd(Runnable action) {
        synchronized (this) {
            if (!ended) {
                endActions.add(action);
                return;
            }
        }
        action.run();
    }

    /** The call ended: runs what {@link #onEnd} gave, once. */
    void ended() {
        List<Runnable> actions;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            // no action is added once it ended: the list is read outside the lock without a copy
            actions = endActions;
        }
        actions.forEach(Runnable::run);
    }

    /** @return tasks ready to be cut into chunks now (called under the scheduler's lock) */
    abstract long ready();

    /** @return the number of tasks not yet cut, if known, for balancing chunk sizes; -1 if unknown */
    abstract long remaining();

    /** @return whether no task of this call will ever be ready again */
    abstract boolean exhausted();

    /**
     * Cuts the next chunk of at most {@code size} tasks (called under the scheduler's lock).
     *
     * @return the chunk, or {@code null} if no task is ready any more: a caller may close an
     *     {@code imap} from its own thread between {@link #ready()} and this cut
     */
    abstract Chunk cut(long chunkId, int size);

    /** Delivers a chunk's results: values, or {@link TaskFailure}s. */
    abstract void completed(Chunk chunk, Object[] results);

    /**
     * Delivers a chunk whose results are all {@code Long}s, unboxed. A call that keeps results
     * may store them as they are; this default boxes them.
     */
    void completedLongs(Chunk chunk, long[] results) {
        Object[] boxed = new Object[results.length];
        for (int i = 0; i < results.length; i++) {
            boxed[i] = results[i];
        }
        completed(chunk, boxed);
    }

    /** Fails every task of a chunk. */
    abstract void failed(Chunk chunk, TaskFailedException failure);

    /** Fails the whole call: the pool was terminated, or the call was cancelled or timed out. */
    abstract void abort(RuntimeException failure);

    /** @return how to name the call in error messages */
    abstract String describe();

    /** Folds in the time of one of its chunks (under the scheduler's lock). */
    void measured(long nanos, int tasks) {
        nanosPerTask = FunctionRef.folded(nanosPerTask, nanos, tasks);
        chunkNanos = Double.isNaN(chunkNanos) ? nanos : chunkNanos * 0.8 + nanos * 0.2;
    }

    /** @return whether one of its own chunks finished, so that its chunks are sized by its own tasks */
    boolean measured() {
        return !Double.isNaN(nanosPerTask);
    }

    int chunksCut() {
        return chunksCut;
    }

    void countChunk() {
        chunksCut++;
    }

    static TaskFailedException taskFailed(Chunk chunk, long index, Throwable error) {
        if (error instanceof TaskFailedException failed) {
            return failed;
        }
        return new TaskFailedException("task #" + index + " of " + chunk.call.describe() + " failed: " + error, error);
    }
}
