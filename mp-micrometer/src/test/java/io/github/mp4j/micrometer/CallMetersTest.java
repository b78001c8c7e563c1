package io.github.mp4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.runtime.StartMethod;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-call meters: fed by the pool's chunks, tagged with the pool and the call's label,
 * unlabelled calls under one tag value, labels beyond the cap under another, and the task
 * duration timer with the histogram and percentiles asked for.
 */
class CallMetersTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private ProcessPool pool;

    @BeforeEach
    void start() {
        pool = ProcessPool.create(PoolConfig.custom().name("jobs").startMethod(StartMethod.THREADS).processes(2).build());
    }

    @AfterEach
    void stop() {
        pool.terminate();
    }

    @Test
    void theTasksOfAnUnlabelledCallAreMeteredUnderUnlabelled() throws Exception {
        ProcessPoolMetrics metrics = new ProcessPoolMetrics(pool);
        metrics.bindTo(registry);
        TasksHeard heard = TasksHeard.listen(pool, 51);

        pool.map(x -> x + 1, IntStream.range(0, 50).boxed().toList());
        try {
            pool.apply(() -> {
                throw new IllegalStateException("boom");
            });
        } catch (RuntimeException expected) {
            // one failed task
        }
        heard.await();

        assertThat(registry.get(MpMeterNames.CALL_TASKS_COMPLETED).tags(MpMeterNames.POOL_TAG, "jobs",
                MpMeterNames.CALL_TAG, MpMeterNames.UNLABELLED).counter().count()).isEqualTo(50);
        assertThat(registry.get(MpMeterNames.CALL_TASKS_FAILED).tag(MpMeterNames.CALL_TAG, MpMeterNames.UNLABELLED)
                .counter().count()).isEqualTo(1);
        assertThat(registry.get(MpMeterNames.CALL_TASK_DURATION).tag(MpMeterNames.CALL_TAG, MpMeterNames.UNLABELLED)
                .timer().count()).isPositive();
        assertThat(registry.scrape()).contains("mp_call_tasks_completed_total{call=\"unlabelled\",pool=\"jobs\"} 50.0");
    }

    @Test
    void eachLabelHasItsMetersUpToTheCapAndLaterLabelsShareOther() {
        ProcessPoolMetrics metrics = new ProcessPoolMetrics(pool, CallMeterOptions.custom().maxCallLabels(2).build());
        metrics.bindTo(registry);

        metrics.chunkCompleted("etl", 10, 1, 10_000_000);
        metrics.chunkCompleted("report", 4, 0, 4_000_000);
        metrics.chunkCompleted("ad-hoc-1", 3, 0, 3_000_000);
        metrics.chunkCompleted("ad-hoc-2", 2, 2, 2_000_000);
        metrics.chunkCompleted("etl", 5, 0, 5_000_000);
        metrics.chunkCompleted(null, 7, 0, 7_000_000);

        assertThat(completed("etl")).isEqualTo(14);
        assertThat(completed("report")).isEqualTo(4);
        assertThat(completed(MpMeterNames.OTHER_CALLS)).isEqualTo(3);
        assertThat(completed(MpMeterNames.UNLABELLED)).isEqualTo(7);
        assertThat(registry.get(MpMeterNames.CALL_TASKS_FAILED).tag(MpMeterNames.CALL_TAG, MpMeterNames.OTHER_CALLS)
                .counter().count()).isEqualTo(2);
        assertThat(registry.find(MpMeterNames.CALL_TASKS_COMPLETED).meters()).extracting(meter -> meter.getId()
                .getTag(MpMeterNames.CALL_TAG)).containsExactlyInAnyOrder("etl", "report", "other", "unlabelled");
        Timer etl = registry.get(MpMeterNames.CALL_TASK_DURATION).tag(MpMeterNames.CALL_TAG, "etl").timer();
        assertThat(etl.count()).as("one sample per task").isEqualTo(15);
        assertThat(etl.max(java.util.concurrent.TimeUnit.MILLISECONDS)).as("a chunk without task times: its mean").isEqualTo(1.0);
    }

    @Test
    void theDurationTimerPublishesTheHistogramAndPercentilesAskedFor() {
        ProcessPoolMetrics metrics = new ProcessPoolMetrics(pool, "batch",
                CallMeterOptions.custom().percentileHistogram(true).percentiles(0.5, 0.99).build());
        metrics.bindTo(registry);
        for (int i = 1; i <= 100; i++) {
            metrics.chunkCompleted("etl", 1, 0, Duration.ofMillis(i).toNanos());
        }

        Timer timer = registry.get(MpMeterNames.CALL_TASK_DURATION).tags(MpMeterNames.POOL_TAG, "batch",
                MpMeterNames.CALL_TAG, "etl").timer();
        ValueAtPercentile[] percentiles = timer.takeSnapshot().percentileValues();
        assertThat(percentiles).extracting(ValueAtPercentile::percentile).containsExactly(0.5, 0.99);
        assertThat(percentiles[1].value(java.util.concurrent.TimeUnit.MILLISECONDS)).isBetween(90.0, 110.0);
        assertThat(registry.scrape()).contains("mp_call_task_duration_seconds_bucket{call=\"etl\",pool=\"batch\",le=");
    }

    /** One sample per task: a call of instant and 50 ms tasks in the same chunks shows both in its percentiles. */
    @Test
    void theDurationPercentilesAreThoseOfTheTasksNotOfChunkMeans() throws Exception {
        ProcessPoolMetrics metrics = new ProcessPoolMetrics(pool, "jobs",
                CallMeterOptions.custom().percentiles(0.25, 0.95).build());
        metrics.bindTo(registry);
        TasksHeard heard = TasksHeard.listen(pool, 20);

        pool.map(x -> x % 2 == 1 ? napFor(x, 50) : x, IntStream.range(0, 20).boxed().toList(),
                CallOptions.labelled("mixed").withChunkSize(10));
        heard.await();

        Timer timer = registry.get(MpMeterNames.CALL_TASK_DURATION).tag(MpMeterNames.CALL_TAG, "mixed").timer();
        assertThat(timer.count()).as("one sample per task").isEqualTo(20);
        ValueAtPercentile[] percentiles = timer.takeSnapshot().percentileValues();
        assertThat(percentiles[0].value(TimeUnit.MILLISECONDS)).as("p25: an instant task").isLessThan(20.0);
        assertThat(percentiles[1].value(TimeUnit.MILLISECONDS)).as("p95: a 50 ms task").isGreaterThanOrEqualTo(45.0);
        assertThat(timer.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(50.0);
    }

    /** @return {@code x}, at least {@code millis} later */
    private static int napFor(int x, long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
        }
        return x;
    }

    @Test
    void closingStopsThePerCallMeters() throws Exception {
        ProcessPoolMetrics metrics = new ProcessPoolMetrics(pool);
        metrics.bindTo(registry);
        TasksHeard heard = TasksHeard.listen(pool, 5);
        pool.map(x -> x, IntStream.range(0, 5).boxed().toList());
        heard.await();
        metrics.close();
        pool.map(x -> x, IntStream.range(0, 5).boxed().toList());

        assertThat(completed(MpMeterNames.UNLABELLED)).isEqualTo(5);
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> CallMeterOptions.custom().maxCallLabels(0)).hasMessage("maxCallLabels must be >= 1, was 0");
        assertThatThrownBy(() -> CallMeterOptions.custom().percentiles(95)).hasMessageContaining("between 0 and 1");
    }

    private double completed(String label) {
        Meter meter = registry.get(MpMeterNames.CALL_TASKS_COMPLETED).tag(MpMeterNames.CALL_TAG, label).counter();
        return ((io.micrometer.core.instrument.Counter) meter).count();
    }
}
