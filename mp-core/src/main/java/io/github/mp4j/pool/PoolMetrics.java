package io.github.mp4j.pool;

/**
 * A live, read-only view of a pool's counters, for monitoring (mp-actuator turns it into meters).
 * Counters only grow; gauges are the value at the moment of the call.
 */
public interface PoolMetrics {

    /**
     * @return tasks submitted and not yet started (the queue depth): waiting to be sent to a
     *     worker, or sent and queued behind the chunk a worker runs
     */
    long tasksPending();

    /** @return unfinished tasks of the chunks workers are running */
    long tasksInFlight();

    /** @return tasks finished successfully */
    long tasksCompleted();

    /** @return tasks that failed, for any reason */
    long tasksFailed();

    /** @return tasks run again because their worker died */
    long tasksRetried();

    /** @return tasks that exceeded the task timeout */
    long tasksTimedOut();

    /**
     * @return calls submitted and not yet finished: an {@code apply} or {@code map}-style call
     *     until its result is complete (or it failed or was cancelled), an {@code imap} until its
     *     last result was taken or its iterator closed
     */
    long callsInFlight();

    /** @return workers running */
    int workersAlive();

    /** @return workers running a task */
    int workersBusy();

    /** @return workers started, replacements and recycling included */
    long workersStarted();

    /** @return workers that died unexpectedly or were killed for a timeout */
    long workersCrashed();

    /** @return workers replaced after {@code maxTasksPerChild} tasks */
    long workersRecycled();

    /** @return bytes sent to workers */
    long bytesSent();

    /** @return bytes received from workers */
    long bytesReceived();

    /**
     * @return total task time measured in the workers, in nanoseconds; divided by
     *     {@link #tasksCompleted()} + {@link #tasksFailed()} it gives the mean
     */
    long taskNanosTotal();
}
