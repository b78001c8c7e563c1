package io.github.mp4j.micrometer;

import io.github.mp4j.pool.PoolMetrics;
import io.github.mp4j.pool.ProcessPool;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Binds a {@link ProcessPool}'s {@link PoolMetrics live counters} as meters named in
 * {@link MpMeterNames}, tagged with the pool's name. Meters read the counters when they are
 * published; nothing is counted twice. Needs nothing but Micrometer: a plain-Java application binds
 * it to its own registry, and mp-actuator does so for the Spring Boot starter's pool.
 *
 * <pre>{@code
 * new ProcessPoolMetrics(pool).bindTo(registry);
 * }</pre>
 */
public final class ProcessPoolMetrics implements MeterBinder {

    private final PoolMetrics metrics;
    private final Tags tags;

    /** @param pool the pool to measure */
    public ProcessPoolMetrics(ProcessPool pool) {
        this.metrics = pool.metrics();
        this.tags = Tags.of(MpMeterNames.POOL_TAG, pool.config().name());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
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

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<PoolMetrics> value) {
        Gauge.builder(name, metrics, value).description(description).tags(tags).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, String baseUnit,
                         ToDoubleFunction<PoolMetrics> count) {
        FunctionCounter.builder(name, metrics, count).description(description).baseUnit(baseUnit).tags(tags).register(registry);
    }
}
