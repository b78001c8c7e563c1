package io.github.mp4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.queue.Queues;
import io.github.mp4j.runtime.StartMethod;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The binders in an application without Spring, as a plain-Java user writes it: a pool of worker
 * JVMs, a Prometheus registry of its own, and the names a Prometheus server then scrapes (units
 * appear once, as the registry's suffix).
 */
class PlainJavaMetricsTest {

    @Test
    void aPoolOfWorkerJvmsIsMeteredWithoutSpring() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ProcessPool pool = ProcessPool.create(PoolConfig.custom().name("plain").processes(2).build())) {
            new ProcessPoolMetrics(pool).bindTo(registry);
            List<Integer> squares = pool.map(x -> x * x, IntStream.range(0, 100).boxed().toList());
            assertThat(squares).hasSize(100);

            assertThat(registry.get(MpMeterNames.TASKS_COMPLETED).tag(MpMeterNames.POOL_TAG, "plain").functionCounter().count())
                    .isEqualTo(100);
            assertThat(registry.get(MpMeterNames.DATA_SENT).functionCounter().count()).isPositive();
            assertThat(registry.get(MpMeterNames.DATA_RECEIVED).functionCounter().count()).isPositive();
            assertThat(registry.get(MpMeterNames.WORKERS_ALIVE).gauge().value()).isEqualTo(2);
            String scrape = registry.scrape();
            assertThat(scrape).contains("mp_pool_data_sent_bytes_total{pool=\"plain\"}",
                    "mp_pool_data_received_bytes_total{pool=\"plain\"}", "mp_pool_tasks_completed_total{pool=\"plain\"} 100.0",
                    "mp_pool_task_duration_seconds_count{pool=\"plain\"} 100");
            assertThat(scrape.lines().filter(line -> line.startsWith("mp_")))
                    .as("no unit written twice").noneMatch(line -> line.indexOf("bytes") != line.lastIndexOf("bytes"));
        }
    }

    @Test
    void everyPoolMeterNameIsBound() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (ProcessPool pool = ProcessPool.create(PoolConfig.custom().name("threads").startMethod(StartMethod.THREADS)
                .processes(1).build())) {
            new ProcessPoolMetrics(pool).bindTo(registry);
            for (String name : MpMeterNames.POOL_METERS) {
                assertThat(registry.find(name).tag(MpMeterNames.POOL_TAG, "threads").meter()).as(name).isNotNull();
            }
        }
    }

    @Test
    void queueSizesAreGauged() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProcessQueue<String> jobs = Queues.queue();
        try {
            new ProcessQueueMetrics(Map.of("jobs", jobs)).bindTo(registry);
            jobs.put("a");
            jobs.put("b");
            assertThat(registry.get(MpMeterNames.QUEUE_SIZE).tag(MpMeterNames.QUEUE_TAG, "jobs").gauge().value()).isEqualTo(2);
            assertThat(registry.scrape()).contains("mp_queue_size{queue=\"jobs\"} 2.0");
        } finally {
            jobs.close();
        }
    }
}
