package io.github.mp4j.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** config/grafana/mp4j-dashboard.json queries only what the demo really exports. */
class GrafanaDashboardTest extends RunningDemo {

    @Test
    void everyMetricTheDashboardQueriesIsOnTheDemosPrometheusEndpoint() throws Exception {
        JsonNode dashboard = demo.parse(Files.readString(RepositoryConfig.file("grafana/mp4j-dashboard.json")));
        List<String> exprs = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> exprs.add(expr.asString()));
        Set<String> queried = new TreeSet<>();
        exprs.forEach(expr -> queried.addAll(PromQl.metricNames(expr)));
        dashboard.get("templating").get("list").forEach(variable -> {
            if (variable.has("definition")) {
                queried.addAll(PromQl.templateMetricNames(variable.get("definition").asString()));
            }
        });

        assertThat(exprs).hasSizeGreaterThanOrEqualTo(10);
        assertThat(queried).contains("mp_pool_tasks_completed_total", "mp_pool_tasks_pending",
                "mp_pool_task_duration_seconds_sum", "mp_pool_task_duration_seconds_count", "mp_pool_workers_alive",
                "mp_pool_workers_busy", "mp_pool_workers_crashed_total", "mp_pool_calls_in_flight",
                "mp_call_tasks_completed_total", "mp_call_tasks_failed_total", "mp_call_task_duration_seconds_sum",
                "mp_call_task_duration_seconds_count", "mp_call_task_duration_seconds_bucket");

        // run a job first, so that every meter has been through real work
        assertThat(demo.awaitFinished(demo.submit("primes", Map.of("limit", 100_000))).get("state").asString())
                .isEqualTo("SUCCEEDED");
        Map<String, Double> exported = demo.scrape();
        assertThat(exported.keySet()).as("metrics on /actuator/prometheus").containsAll(queried);
        assertThat(demo.get("/actuator/prometheus").body())
                .as("the dashboard's $pool variable reads the pool label").contains("pool=\"demo\"")
                .as("its $call variable reads the call label").contains("call=\"");
    }

    @Test
    void metricNamesAreFoundInPromQl() {
        assertThat(PromQl.metricNames("sum by (pool) (rate(mp_pool_tasks_completed_total{pool=~\"$pool\"}[1m]))"))
                .containsExactly("mp_pool_tasks_completed_total");
        assertThat(PromQl.metricNames("rate(a_sum{x=\"y\"}[5m]) / on (pool) rate(a_count[5m]) > bool 0"))
                .containsExactly("a_count", "a_sum");
        assertThat(PromQl.templateMetricNames("label_values(mp_pool_workers_alive, pool)"))
                .containsExactly("mp_pool_workers_alive");
    }
}
