package io.github.mp4j.pool.internal;

import io.github.mp4j.function.SerializableFunction;

/**
 * A function as a pool sends it: encoded once, named by an id so that each worker receives it
 * once, with the time its tasks take as measured so far (for chunk sizing).
 */
final class FunctionRef {

    final long id;
    final SerializableFunction<Object, Object> function;
    /** The encoded function, or {@code null} for a thread pool. */
    final byte[] bytes;
    private volatile double nanosPerTask = Double.NaN;

    FunctionRef(long id, SerializableFunction<Object, Object> function, byte[] bytes) {
        this.id = id;
        this.function = function;
        this.bytes = bytes;
    }

    double nanosPerTask() {
        return nanosPerTask;
    }

    /**
     * Folds in one chunk's time. The estimate moves at most a factor of two per chunk, whatever the
     * chunk measured: a chunk that stalled (its worker paused for garbage collection or lost its
     * core) must not make the next chunks tiny, while a real change in task time still shows
     * within a few chunks, as the first interpreted, then compiled, runs of a function do.
     */
    void measured(long nanos, int tasks) {
        nanosPerTask = folded(nanosPerTask, nanos, tasks);
    }

    /** @return the estimate {@code previous} (NaN for none) with one chunk's time folded in, as {@link #measured} does */
    static double folded(double previous, long nanos, int tasks) {
        double sample = Math.max(1.0, (double) nanos / Math.max(1, tasks));
        if (Double.isNaN(previous)) {
            return sample;
        }
        double step = Math.max(-MAX_STEP, Math.min(MAX_STEP, Math.log(sample / previous)));
        return previous * Math.exp(step / 2);
    }

    /** ln 4: a sample counts for at most four times, or a quarter of, the estimate; half of it is taken. */
    private static final double MAX_STEP = Math.log(4);
}
