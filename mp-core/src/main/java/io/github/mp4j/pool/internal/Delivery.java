package io.github.mp4j.pool.internal;

import io.github.mp4j.pool.PoolEvent;
import io.github.mp4j.pool.TaskTimes;

/**
 * Hands the results a worker sent to the call they belong to, counts them, and tells listeners
 * of each chunk once, when it completes. Runs on the thread that received the results.
 */
final class Delivery {

    private final Counters counters;
    private final PoolEvents events;

    Delivery(Counters counters, PoolEvents events) {
        this.counters = counters;
        this.events = events;
    }

    /**
     * Delivers results of a chunk's tasks: all of them, the last of them (when the first came with
     * a progress report: {@code early} ones), or the first of them ({@code early}).
     *
     * @param taskNanos with the chunk's last results: each of its tasks' time, or {@code null} if
     *     its worker did not measure them
     */
    void results(Chunk chunk, Object[] results, long nanos, long[] taskNanos, boolean early) {
        int failed = 0;
        for (Object result : results) {
            if (result instanceof TaskFailure) {
                failed++;
            }
        }
        counters.completed.add(results.length - failed);
        counters.failed.add(failed);
        counters.taskNanos.add(nanos);
        chunk.call.completed(chunk, results);
        if (early) {
            chunk.origin.earlyFailures += failed;
            return;
        }
        chunkCompleted(chunk, failed + chunk.origin.earlyFailures, nanos, taskNanos);
    }

    /** {@link #results} for a chunk whose results are all {@code Long}s, kept unboxed. */
    void longResults(Chunk chunk, long[] results, long nanos, long[] taskNanos, boolean early) {
        counters.completed.add(results.length);
        counters.taskNanos.add(nanos);
        chunk.call.completedLongs(chunk, results);
        if (!early) {
            chunkCompleted(chunk, chunk.origin.earlyFailures, nanos, taskNanos);
        }
    }

    /** @return whether workers should measure each task, for the events of the chunks sent now */
    boolean timesTasks() {
        return events.heard();
    }

    private void chunkCompleted(Chunk chunk, int failures, long nanos, long[] taskNanos) {
        if (events.heard()) {
            int tasks = chunk.origin.count;
            TaskTimes times = taskNanos != null && taskNanos.length == tasks ? TaskTimes.of(taskNanos)
                    : TaskTimes.uniform(tasks, nanos);
            events.publish(new PoolEvent.ChunkCompleted(tasks, failures, nanos, chunk.call.settings.label(), times));
        }
    }
}
