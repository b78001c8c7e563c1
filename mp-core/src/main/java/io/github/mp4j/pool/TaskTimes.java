package io.github.mp4j.pool;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * How long each task of a finished chunk took in its worker, in nanoseconds, in task order: what
 * a {@link PoolEvent.ChunkCompleted} carries so that a task duration histogram gets one sample per
 * task, and its percentiles are those of the tasks rather than of chunk means.
 *
 * <p>A task's time runs from when its worker began on it (reading its input) to when its result
 * was written, so it holds the task's own decoding and encoding. A worker measures each task only
 * while the pool has listeners ({@link ProcessPool#addListener}); for a chunk sent before the
 * first listener came, or whose times could not be read back, each task is given the chunk's mean
 * and {@link #measured()} is {@code false}. Immutable.
 */
public final class TaskTimes {

    private final long[] nanos;
    private final int count;
    private final long mean;

    private TaskTimes(long[] nanos, int count, long mean) {
        this.nanos = nanos;
        this.count = count;
        this.mean = mean;
    }

    /**
     * @param nanos each task's time, in task order
     * @return those times (the array is copied)
     */
    public static TaskTimes of(long... nanos) {
        return new TaskTimes(nanos.clone(), nanos.length, 0);
    }

    /**
     * @param tasks how many tasks the chunk held
     * @param chunkNanos how long the chunk took
     * @return {@code tasks} times that are each the chunk's mean (0 tasks: none)
     */
    public static TaskTimes uniform(int tasks, long chunkNanos) {
        if (tasks < 0) {
            throw new IllegalArgumentException("tasks must be >= 0, was " + tasks);
        }
        return new TaskTimes(null, tasks, tasks == 0 ? 0 : chunkNanos / tasks);
    }

    /** @return how many tasks there are */
    public int count() {
        return count;
    }

    /** @return whether each task was measured, rather than given its chunk's mean */
    public boolean measured() {
        return nanos != null;
    }

    /**
     * @param index the task's index within its chunk, from 0
     * @return how long that task took, in nanoseconds
     */
    public long nanos(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("task " + index + " of a chunk of " + count);
        }
        return nanos == null ? mean : nanos[index];
    }

    /**
     * Passes each task's time to {@code action}, in task order.
     *
     * @param action what takes them
     */
    public void forEach(LongConsumer action) {
        for (int i = 0; i < count; i++) {
            action.accept(nanos == null ? mean : nanos[i]);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TaskTimes that && count == that.count && mean == that.mean
                && Arrays.equals(nanos, that.nanos);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(nanos) + Long.hashCode(mean) + count;
    }

    @Override
    public String toString() {
        return measured() ? "TaskTimes" + Arrays.toString(nanos) : "TaskTimes[" + count + " x " + mean + " (chunk mean)]";
    }
}
