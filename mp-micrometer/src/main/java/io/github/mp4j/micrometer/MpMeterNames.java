package io.github.mp4j.micrometer;

import java.util.List;

/**
 * The names of mp4j's meters and tags, in one place. Every pool meter is tagged
 * {@value #POOL_TAG}={@code <pool name>}; Prometheus renders {@code mp.pool.tasks.completed} as
 * {@code mp_pool_tasks_completed_total}, {@code mp.pool.task.duration} as
 * {@code mp_pool_task_duration_seconds_count} and {@code _sum}, and {@code mp.pool.data.sent} (base
 * unit bytes) as {@code mp_pool_data_sent_bytes_total}. A unit appears once: in the base unit, which
 * registries append, never in the name.
 */
public final class MpMeterNames {

    /** Tag holding the pool's name ({@code mp.name}). */
    public static final String POOL_TAG = "pool";
    /**
     * Tag holding a call's label, on the per-call meters ({@code mp.call.*}): the label the call was
     * given, {@value #UNLABELLED} for calls without one, or {@value #OTHER_CALLS} once the number of
     * distinct labels reached its cap.
     */
    public static final String CALL_TAG = "call";
    /** The {@value #CALL_TAG} tag's value for calls without a label. */
    public static final String UNLABELLED = "unlabelled";
    /** The {@value #CALL_TAG} tag's value for the calls of labels beyond the cap ({@link CallMeterOptions#maxCallLabels()}). */
    public static final String OTHER_CALLS = "other";
    /** Tag holding the bean name of a {@code ProcessQueue}. */
    public static final String QUEUE_TAG = "queue";

    /** Gauge: tasks submitted and not yet started, queued at a worker behind its running chunk included (the queue depth). */
    public static final String TASKS_PENDING = "mp.pool.tasks.pending";
    /** Gauge: unfinished tasks of the chunks workers are running. */
    public static final String TASKS_IN_FLIGHT = "mp.pool.tasks.in.flight";
    /** Counter: tasks finished successfully. */
    public static final String TASKS_COMPLETED = "mp.pool.tasks.completed";
    /** Counter: tasks that failed, for any reason. */
    public static final String TASKS_FAILED = "mp.pool.tasks.failed";
    /** Counter: tasks run again because their worker died. */
    public static final String TASKS_RETRIED = "mp.pool.tasks.retried";
    /** Counter: tasks that exceeded the task timeout. */
    public static final String TASKS_TIMED_OUT = "mp.pool.tasks.timed.out";
    /** Timer: finished tasks (completed and failed) and the time workers spent on them. */
    public static final String TASK_DURATION = "mp.pool.task.duration";
    /** Gauge: calls submitted and not finished (map-style calls and {@code applyAsync}s alike). */
    public static final String CALLS_IN_FLIGHT = "mp.pool.calls.in.flight";
    /** Counter, tagged {@value #CALL_TAG}: tasks of the calls with that label finished successfully. */
    public static final String CALL_TASKS_COMPLETED = "mp.call.tasks.completed";
    /** Counter, tagged {@value #CALL_TAG}: tasks of the calls with that label that failed, for any reason. */
    public static final String CALL_TASKS_FAILED = "mp.call.tasks.failed";
    /**
     * Timer, tagged {@value #CALL_TAG}: how long the tasks of the calls with that label took in the
     * workers. Workers time chunks, not single tasks (so that tiny tasks cost nothing more): each
     * finished chunk records one sample, the mean time of its tasks. Histogram buckets and
     * percentiles as {@link CallMeterOptions} say.
     */
    public static final String CALL_TASK_DURATION = "mp.call.task.duration";
    /** Gauge: workers running. */
    public static final String WORKERS_ALIVE = "mp.pool.workers.alive";
    /** Gauge: workers running a task. */
    public static final String WORKERS_BUSY = "mp.pool.workers.busy";
    /** Counter: workers started, replacements and recycling included. */
    public static final String WORKERS_STARTED = "mp.pool.workers.started";
    /** Counter: workers that died unexpectedly or were killed for a timeout, each replaced (worker restarts). */
    public static final String WORKERS_CRASHED = "mp.pool.workers.crashed";
    /** Counter: workers replaced after {@code mp.max-tasks-per-child} tasks. */
    public static final String WORKERS_RECYCLED = "mp.pool.workers.recycled";
    /** Counter, base unit bytes: data sent to workers. */
    public static final String DATA_SENT = "mp.pool.data.sent";
    /** Counter, base unit bytes: data received from workers. */
    public static final String DATA_RECEIVED = "mp.pool.data.received";
    /** Gauge: items in a {@code ProcessQueue} bean, tagged {@value #QUEUE_TAG}. */
    public static final String QUEUE_SIZE = "mp.queue.size";

    /** Every meter of a pool, bound at once (the per-call meters come with a label's first finished chunk). */
    public static final List<String> POOL_METERS = List.of(TASKS_PENDING, TASKS_IN_FLIGHT, TASKS_COMPLETED, TASKS_FAILED,
            TASKS_RETRIED, TASKS_TIMED_OUT, TASK_DURATION, CALLS_IN_FLIGHT, WORKERS_ALIVE, WORKERS_BUSY, WORKERS_STARTED, WORKERS_CRASHED,
            WORKERS_RECYCLED, DATA_SENT, DATA_RECEIVED);

    /** Every per-call meter, tagged {@value #POOL_TAG} and {@value #CALL_TAG}. */
    public static final List<String> CALL_METERS = List.of(CALL_TASKS_COMPLETED, CALL_TASKS_FAILED, CALL_TASK_DURATION);

    private MpMeterNames() {
    }
}
