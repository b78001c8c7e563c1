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

    void measured(long nanos, int tasks) {
        double sample = (double) nanos / Math.max(1, tasks);
        double previous = nanosPerTask;
        nanosPerTask = Double.isNaN(previous) ? sample : previous * 0.7 + sample * 0.3;
    }
}
