package io.github.mp4j.micrometer;

import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.PoolEvent;
import io.github.mp4j.pool.PoolMetrics;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.TaskTimes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Binds a {@link ProcessPool}'s {@link PoolMetrics live counters} as meters named in
 * {@link MpMeterNames}, tagged with the pool's name, and meters per call label
 * ({@code mp.call.*}, tagged with the pool and the call's label) fed by the pool's
 * {@link PoolEvent.ChunkCompleted} events. Pool meters read the counters when they are published;
 * nothing is counted twice. Needs nothing but Micrometer: a plain-Java application binds it to its
 * own registry, and mp-actuator does so for every pool of a Spring context.
 *
 * <pre>{@code
 * new ProcessPoolMetrics(pool).bindTo(registry);
 * }</pre>
 *
 * <p>Labels come from the application, so their number is capped
 * ({@link CallMeterOptions#maxCallLabels()}): calls without a label share the tag value
 * {@value MpMeterNames#UNLABELLED}, and once the cap is reached, the calls of every further label
 * share {@value MpMeterNames#OTHER_CALLS} (logged once, at WARNING). Labels are never forgotten
 * while the binder is bound, so keep them few and stable: a job's name, not a run id.
 * {@link #close()} stops the per-call meters (the pool stops calling this binder).
 */
public final class ProcessPoolMetrics implements MeterBinder, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ProcessPoolMetrics.class.getName());

    private final ProcessPool pool;
    private final PoolMetrics metrics;
    private final Tags tags;
    private final CallMeterOptions options;
    /** The per-call meters of each registry bound to, each a listener of the pool. */
    private final List<CallMeters> callMeters = new CopyOnWriteArrayList<>();
    private final AtomicBoolean capWarned = new AtomicBoolean();

    /** @param pool the pool to measure, tagged with its name, with the {@link CallMeterOptions#DEFAULTS default options} */
    public ProcessPoolMetrics(ProcessPool pool) {
        this(pool, pool.config().name(), CallMeterOptions.DEFAULTS);
    }

    /**
     * @param pool the pool to measure, tagged with its name
     * @param options how calls are metered
     */
    public ProcessPoolMetrics(ProcessPool pool, CallMeterOptions options) {
        this(pool, pool.config().name(), options);
    }

    /**
     * @param pool the pool to measure
     * @param poolTag the value of its meters' {@value MpMeterNames#POOL_TAG} tag (unique per registry)
     * @param options how calls are metered
     */
    public ProcessPoolMetrics(ProcessPool pool, String poolTag, CallMeterOptions options) {
        this.pool = pool;
        this.metrics = pool.metrics();
        this.tags = Tags.of(MpMeterNames.POOL_TAG, poolTag);
        this.options = options;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        bindPoolMeters(registry);
        CallMeters meters = new CallMeters(registry);
        callMeters.add(meters);
        pool.addListener(meters);
    }

    /** Stops the per-call meters of every registry this binder was bound to; the pool meters stay. */
    @Override
    public void close() {
        for (CallMeters meters : callMeters) {
            pool.removeListener(meters);
        }
        callMeters.clear();
    }

    private void bindPoolMeters(MeterRegistry registry) {
        gauge(registry, MpMeterNames.TASKS_PENDING, "Tasks submitted and not yet started", PoolMetrics::tasksPending);
        gauge(registry, MpMeterNames.TASKS_IN_FLIGHT, "Unfinished tasks of the chunks workers are running", PoolMetrics::tasksInFlight);
        counter(registry, MpMeterNames.TASKS_COMPLETED, "Tasks finished successfully", null, PoolMetrics::tasksCompleted);
        counter(registry, MpMeterNames.TASKS_FAILED, "Tasks that failed, for any reason", null, PoolMetrics::tasksFailed);
        counter(registry, MpMeterNames.TASKS_RETRIED, "Tasks run again because their worker died", null,
                PoolMetrics::tasksRetried);
        counter(registry, MpMeterNames.TASKS_TIMED_OUT, "Tasks that exceeded the task timeout", null, PoolMetrics::tasksTimedOut);
        FunctionTimer.builder(MpMeterNames.TASK_DURATION, metrics, m -> m.tasksCompleted() + m.tasksFailed(),
                        PoolMetrics::taskNanosTotal, TimeUnit.NANOSECONDS)
                .description("Tasks finished (completed and failed) and the time workers spent on them")
                .tags(tags).register(registry);
        gauge(registry, MpMeterNames.CALLS_IN_FLIGHT, "Calls submitted and not finished", ProcessPoolMetrics::callsInFlight);
        gauge(registry, MpMeterNames.WORKERS_ALIVE, "Workers running", PoolMetrics::workersAlive);
        gauge(registry, MpMeterNames.WORKERS_BUSY, "Workers running a task", PoolMetrics::workersBusy);
        counter(registry, MpMeterNames.WORKERS_STARTED, "Workers started, replacements and recycling included", null,
                PoolMetrics::workersStarted);
        counter(registry, MpMeterNames.WORKERS_CRASHED, "Workers that died or were killed for a timeout, and were replaced",
                null, PoolMetrics::workersCrashed);
        counter(registry, MpMeterNames.WORKERS_RECYCLED, "Workers replaced after their maximum number of tasks", null,
                PoolMetrics::workersRecycled);
        counter(registry, MpMeterNames.DATA_SENT, "Data sent to workers", BaseUnits.BYTES, PoolMetrics::bytesSent);
        counter(registry, MpMeterNames.DATA_RECEIVED, "Data received from workers", BaseUnits.BYTES, PoolMetrics::bytesReceived);
    }

    /** Calls submitted and not finished. */
    private static double callsInFlight(PoolMetrics metrics) {
        return metrics.callsInFlight();
    }

    /** The label of the call a chunk belonged to, or null for an unlabelled call. */
    private static String labelOf(PoolEvent.ChunkCompleted chunk) {
        String label = chunk.label();
        return CallOptions.UNLABELLED.equals(label) ? null : label;
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<PoolMetrics> value) {
        Gauge.builder(name, metrics, value).description(description).tags(tags).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, String baseUnit,
                         ToDoubleFunction<PoolMetrics> count) {
        FunctionCounter.builder(name, metrics, count).description(description).baseUnit(baseUnit).tags(tags).register(registry);
    }

    /**
     * Records a finished chunk in the per-call meters of every registry, as its event does.
     *
     * @param label the call's label, or {@code null}
     * @param tasks tasks in the chunk
     * @param failed how many of them failed
     * @param nanos the chunk's time in the worker
     */
    void chunkCompleted(String label, int tasks, int failed, long nanos) {
        chunkCompleted(label, tasks, failed, TaskTimes.uniform(tasks, nanos));
    }

    /**
     * Records a finished chunk in the per-call meters of every registry, as its event does.
     *
     * @param label the call's label, or {@code null}
     * @param tasks tasks in the chunk
     * @param failed how many of them failed
     * @param times each task's time in the worker
     */
    void chunkCompleted(String label, int tasks, int failed, TaskTimes times) {
        for (CallMeters meters : callMeters) {
            meters.chunkCompleted(label, tasks, failed, times);
        }
    }

    /** The per-call meters of one registry, made as labels come. */
    private final class CallMeters implements Consumer<PoolEvent> {

        private final MeterRegistry registry;
        /** The meters of each label given to calls, up to the cap. */
        private final Map<String, Meters> byLabel = new ConcurrentHashMap<>();
        private volatile Meters unlabelled;
        private volatile Meters others;

        CallMeters(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void accept(PoolEvent event) {
            if (event instanceof PoolEvent.ChunkCompleted chunk) {
                chunkCompleted(labelOf(chunk), chunk.tasks(), chunk.failed(), chunk.taskTimes());
            }
        }

        /** One duration sample per task, so that the timer's percentiles are those of the tasks. */
        void chunkCompleted(String label, int tasks, int failed, TaskTimes times) {
            if (tasks > 0) {
                Meters meters = metersOf(label);
                meters.completed.increment(tasks - failed);
                meters.failed.increment(failed);
                Timer duration = meters.duration;
                times.forEach(nanos -> duration.record(nanos, TimeUnit.NANOSECONDS));
            }
        }

        private Meters metersOf(String label) {
            if (label == null) {
                Meters meters = unlabelled;
                return meters != null ? meters : shared(true);
            }
            Meters meters = byLabel.get(label);
            return meters != null ? meters : newLabel(label);
        }

        private synchronized Meters newLabel(String label) {
            Meters meters = byLabel.get(label);
            if (meters != null) {
                return meters;
            }
            if (byLabel.size() >= options.maxCallLabels()) {
                warnCapReached(label);
                return shared(false);
            }
            meters = register(label);
            byLabel.put(label, meters);
            return meters;
        }

        /** The meters of unlabelled calls, or of the labels beyond the cap. */
        private synchronized Meters shared(boolean forUnlabelled) {
            if (forUnlabelled) {
                if (unlabelled == null) {
                    unlabelled = register(MpMeterNames.UNLABELLED);
                }
                return unlabelled;
            }
            if (others == null) {
                others = register(MpMeterNames.OTHER_CALLS);
            }
            return others;
        }

        private Meters register(String tag) {
            Tags callTags = tags.and(MpMeterNames.CALL_TAG, tag);
            return new Meters(
                    Counter.builder(MpMeterNames.CALL_TASKS_COMPLETED)
                            .description("Tasks of the calls with this label finished successfully")
                            .tags(callTags).register(registry),
                    Counter.builder(MpMeterNames.CALL_TASKS_FAILED)
                            .description("Tasks of the calls with this label that failed")
                            .tags(callTags).register(registry),
                    Timer.builder(MpMeterNames.CALL_TASK_DURATION)
                            .description("Time tasks of the calls with this label took in the workers"
                                    + " (a sample per task)")
                            .tags(callTags).publishPercentileHistogram(options.percentileHistogram())
                            .publishPercentiles(options.percentiles()).register(registry));
        }

        private void warnCapReached(String label) {
            if (capWarned.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "pool " + tags.stream().findFirst().orElseThrow().getValue() + " has metered "
                        + options.maxCallLabels() + " distinct call labels, its cap: the calls of label '" + label
                        + "' and of every later new label are metered together as call=" + MpMeterNames.OTHER_CALLS
                        + ". Use few, stable labels (a job's name, not a run id), or raise the cap (mp.metrics.max-call-labels)");
            }
        }
    }

    /** The meters of one call label. */
    private record Meters(Counter completed, Counter failed, Timer duration) {
    }
}
