package io.github.mp4j.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.boot.MpAutoConfiguration;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.queue.Queues;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The names a Prometheus server scrapes from {@code /actuator/prometheus}: dashboards depend on them. */
class PrometheusNamesTests {

    @Test
    void rendersTheContractsNames() throws Exception {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MpAutoConfiguration.class, MetricsAutoConfiguration.class,
                        MpMetricsAutoConfiguration.class))
                .withBean(PrometheusMeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                .withBean("jobs", ProcessQueue.class, Queues::queue)
                .withPropertyValues("mp.start-method=threads", "mp.processes=2", "mp.name=batch")
                .run(context -> {
                    TasksHeard heard = TasksHeard.listen(context.getBean(ProcessPool.class), 3);
                    context.getBean(ProcessPool.class).map(x -> x + 1, List.of(1, 2, 3));
                    heard.await();
                    List<String> lines = context.getBean(PrometheusMeterRegistry.class).scrape().lines()
                            .filter(line -> line.startsWith("mp_")).toList();
                    // the per-call timer's samples vary with the chunks: their names are checked below
                    List<String> samples = lines.stream().filter(line -> !line.startsWith("mp_call_task_duration")).toList();
                    assertThat(lines).filteredOn(line -> line.startsWith("mp_call_task_duration"))
                            .extracting(line -> line.substring(0, line.lastIndexOf(' ')))
                            .containsExactlyInAnyOrder("mp_call_task_duration_seconds_count{call=\"unlabelled\",pool=\"batch\"}",
                                    "mp_call_task_duration_seconds_sum{call=\"unlabelled\",pool=\"batch\"}",
                                    "mp_call_task_duration_seconds_max{call=\"unlabelled\",pool=\"batch\"}");
                    assertThat(samples).containsExactlyInAnyOrder(
                            "mp_call_tasks_completed_total{call=\"unlabelled\",pool=\"batch\"} 3.0",
                            "mp_call_tasks_failed_total{call=\"unlabelled\",pool=\"batch\"} 0.0",
                            "mp_pool_calls_in_flight{pool=\"batch\"} 0.0",
                            "mp_pool_data_received_bytes_total{pool=\"batch\"} 0.0",
                            "mp_pool_data_sent_bytes_total{pool=\"batch\"} 0.0",
                            "mp_pool_task_duration_seconds_count{pool=\"batch\"} 3",
                            sum(samples),
                            "mp_pool_tasks_completed_total{pool=\"batch\"} 3.0",
                            "mp_pool_tasks_failed_total{pool=\"batch\"} 0.0",
                            "mp_pool_tasks_in_flight{pool=\"batch\"} 0.0",
                            "mp_pool_tasks_pending{pool=\"batch\"} 0.0",
                            "mp_pool_tasks_retried_total{pool=\"batch\"} 0.0",
                            "mp_pool_tasks_timed_out_total{pool=\"batch\"} 0.0",
                            "mp_pool_workers_alive{pool=\"batch\"} 2.0",
                            "mp_pool_workers_busy{pool=\"batch\"} 0.0",
                            "mp_pool_workers_crashed_total{pool=\"batch\"} 0.0",
                            "mp_pool_workers_recycled_total{pool=\"batch\"} 0.0",
                            "mp_pool_workers_started_total{pool=\"batch\"} 2.0",
                            "mp_queue_size{queue=\"jobs\"} 0.0");
                });
    }

    /** The task time varies; its line must exist, under the name dashboards use. */
    private static String sum(List<String> samples) {
        return samples.stream().filter(line -> line.startsWith("mp_pool_task_duration_seconds_sum{pool=\"batch\"} ")).findFirst()
                .orElse("mp_pool_task_duration_seconds_sum{pool=\"batch\"} <missing>");
    }
}
