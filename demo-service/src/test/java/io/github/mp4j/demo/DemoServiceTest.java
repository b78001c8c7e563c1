package io.github.mp4j.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.demo.task.PiTasks;
import io.github.mp4j.demo.task.Samples;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The demo over real HTTP: jobs, streamed results, Prometheus meters, health and a killed worker. */
class DemoServiceTest extends RunningDemo {

    @Test
    void primesJobRunsOverRestAndStreamsEveryRangeInOrder() {
        double completedBefore = demo.metric("mp_pool_tasks_completed_total");
        double durationsBefore = demo.metric("mp_pool_task_duration_seconds_count");

        String id = demo.submit("primes", Map.of("limit", 2_000_000, "ranges", 100));
        List<JsonNode> lines = demo.results(id);
        JsonNode job = demo.awaitFinished(id);

        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("result").asLong()).isEqualTo(148_933);
        assertThat(job.get("label").asString()).isEqualTo("primes-below-2000000");
        assertThat(job.get("percent").asDouble()).isEqualTo(100.0);
        assertThat(job.get("done").asLong()).isEqualTo(100);
        assertThat(job.get("total").asLong()).isEqualTo(100);
        assertThat(job.get("tasksPerSecond").asDouble()).isPositive();

        List<JsonNode> chunks = lines.subList(0, lines.size() - 1);
        assertThat(chunks).hasSize(100);
        long sum = 0;
        for (int i = 0; i < chunks.size(); i++) {
            JsonNode chunk = chunks.get(i);
            assertThat(chunk.get("type").asString()).isEqualTo("chunk");
            assertThat(chunk.get("index").asInt()).isEqualTo(i);
            assertThat(chunk.get("value").get("from").asLong()).isEqualTo(20_000L * i);
            sum += chunk.get("value").get("primes").asLong();
        }
        assertThat(sum).isEqualTo(148_933);
        JsonNode end = lines.get(lines.size() - 1);
        assertThat(end.get("type").asString()).isEqualTo("end");
        assertThat(end.get("job").get("state").asString()).isEqualTo("SUCCEEDED");

        assertThat(demo.metric("mp_pool_tasks_completed_total")).isGreaterThanOrEqualTo(completedBefore + 100);
        assertThat(demo.metric("mp_pool_task_duration_seconds_count")).isGreaterThanOrEqualTo(durationsBefore + 100);
        assertThat(demo.metric("mp_pool_task_duration_seconds_sum")).isPositive();
    }

    @Test
    void csvJobWritesItsDataSetAggregatesItFilePerTaskAndDeletesIt() throws IOException {
        String first = demo.submit("csv-sales", Map.of("files", 6, "rows", 20_000));
        JsonNode written = demo.awaitFinished(first);
        assertThat(written.get("state").asString()).as(written.toString()).isEqualTo("SUCCEEDED");
        assertThat(written.get("tasksDone").asLong()).as("6 files written, 6 aggregated").isEqualTo(12);
        assertThat(filesIn(WORK_DIR)).as("the data set is deleted when the job is done").isEmpty();

        String second = demo.submit("csv-sales", Map.of("files", 6, "rows", 20_000));
        List<JsonNode> lines = demo.results(second);
        JsonNode reused = demo.awaitFinished(second);
        assertThat(reused.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(reused.get("tasksDone").asLong()).as("the same data set, written again").isEqualTo(12);
        assertThat(reused.get("result").decimalValue()).isEqualByComparingTo(written.get("result").decimalValue());
        assertThat(filesIn(WORK_DIR)).isEmpty();

        JsonNode details = reused.get("details");
        assertThat(details.get("rows").asLong()).isEqualTo(120_000);
        long regionOrders = 0;
        long regionCents = 0;
        for (JsonNode region : details.get("regions")) {
            regionOrders += region.get("orders").asLong();
            regionCents += region.get("revenueCents").asLong();
        }
        assertThat(regionOrders).isEqualTo(120_000);
        assertThat(reused.get("result").decimalValue().movePointRight(2).longValueExact()).isEqualTo(regionCents);

        Set<String> files = new HashSet<>();
        long rows = 0;
        for (JsonNode line : lines.subList(0, lines.size() - 1)) {
            files.add(line.get("value").get("file").asString());
            rows += line.get("value").get("rows").asLong();
        }
        assertThat(files).hasSize(6).contains("part-0000.csv", "part-0005.csv");
        assertThat(rows).isEqualTo(120_000);
    }

    @Test
    void queueDepthRisesDuringABigJobAndFallsToZeroAfter() {
        String id = demo.submit("pi", Map.of("samples", 600_000_000L, "batches", 3_000));
        double pending = DemoClient.await("tasks waiting in the pool's queue", () -> demo.metric("mp_pool_tasks_pending"),
                depth -> depth > 0);
        assertThat(pending).isPositive();
        assertThat(demo.awaitFinished(id).get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(demo.metric("mp_pool_tasks_pending")).isZero();
        assertThat(demo.metric("mp_pool_tasks_in_flight")).isZero();
    }

    /** Two big jobs share the workers (both make progress); one is cancelled and the other goes on to finish. */
    @Test
    void twoJobsProgressTogetherAndACancelledOneStopsWithoutHarmingTheOther() {
        String first = demo.submit("pi", Map.of("samples", 400_000_000L, "batches", 2_000));
        String second = demo.submit("pi", Map.of("samples", 100_000_000L, "batches", 500));
        DemoClient.await("both jobs under way", () -> demo.getJson("/api/jobs/" + first).get("done").asLong() > 0
                && demo.getJson("/api/jobs/" + second).get("done").asLong() > 0, Boolean::booleanValue);

        HttpResponse<String> cancel = demo.post("/api/jobs/" + first + "/cancel", "");

        assertThat(cancel.statusCode()).isEqualTo(202);
        JsonNode cancelled = demo.awaitFinished(first);
        assertThat(cancelled.get("state").asString()).as(cancelled.toString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("done").asLong()).isLessThan(2_000);
        JsonNode finished = demo.awaitFinished(second);
        assertThat(finished.get("state").asString()).as(finished.toString()).isEqualTo("SUCCEEDED");
        assertThat(demo.post("/api/jobs/" + first + "/cancel", "").statusCode()).as("cancelling a finished job").isEqualTo(202);
        assertThat(demo.getJson("/api/jobs/" + first).get("state").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void healthReportsThePool() {
        JsonNode health = demo.getJson("/actuator/health");
        JsonNode pool = health.get("components").get("mpPool");
        assertThat(pool.get("status").asString()).as(health.toString()).isEqualTo("UP");
        assertThat(pool.get("details").get("workersAlive").asInt()).isEqualTo(2);
        assertThat(pool.get("details").get("processes").asInt()).isEqualTo(2);
    }

    @Test
    void aWorkerKilledDuringAJobIsCountedAndTheJobStillFinishesWithTheSameAnswer() throws Exception {
        double crashedBefore = demo.metric("mp_pool_workers_crashed_total");
        long samples = 1_000_000_000L;
        int batches = 200;
        String id = demo.submit("pi", Map.of("samples", samples, "batches", batches));

        JsonNode busy = DemoClient.await("a busy worker on /actuator/mp", () -> busyWorker(demo.getJson("/actuator/mp")),
                worker -> worker != null);
        long pid = busy.get("pid").asLong();
        ProcessHandle worker = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
        assertThat(worker.destroyForcibly()).isTrue();
        worker.onExit().get();

        List<JsonNode> lines = demo.results(id);
        JsonNode job = demo.awaitFinished(id);
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(demo.metric("mp_pool_workers_crashed_total")).isGreaterThanOrEqualTo(crashedBefore + 1);
        assertThat(demo.metric("mp_pool_tasks_retried_total")).isGreaterThanOrEqualTo(1);

        // every batch came back exactly once, and the ones checked here give what they give without faults
        List<JsonNode> chunks = lines.subList(0, lines.size() - 1);
        assertThat(chunks).hasSize(batches);
        long inside = 0;
        for (int i = 0; i < batches; i++) {
            JsonNode batch = chunks.get(i).get("value");
            assertThat(batch.get("seed").asLong()).isEqualTo(i + 1);
            inside += batch.get("inside").asLong();
        }
        for (int i : new int[] {0, batches / 2, batches - 1}) {
            JsonNode batch = chunks.get(i).get("value");
            long expected = PiTasks.countInside(new Samples(batch.get("seed").asLong(), batch.get("samples").asLong()));
            assertThat(batch.get("inside").asLong()).isEqualTo(expected);
        }
        assertThat(job.get("result").asDouble()).isEqualTo(4.0 * inside / samples);

        DemoClient.await("the killed worker replaced", () -> demo.getJson("/actuator/mp").get("workers"),
                list -> list.size() == 2 && list.findValues("pid").stream().noneMatch(p -> p.asLong() == pid));
    }

    @Test
    void badRequestsAreExplained() {
        HttpResponse<String> unknownParam = demo.post("/api/jobs", "{\"type\":\"primes\",\"params\":{\"limt\":5}}");
        assertThat(unknownParam.statusCode()).isEqualTo(400);
        assertThat(demo.parse(unknownParam.body()).get("detail").asString())
                .isEqualTo("job type 'primes' has no parameter 'limt'; it takes limit, ranges");

        HttpResponse<String> outOfRange = demo.post("/api/jobs", "{\"type\":\"primes\",\"params\":{\"ranges\":0}}");
        assertThat(outOfRange.statusCode()).isEqualTo(400);
        assertThat(demo.parse(outOfRange.body()).get("detail").asString()).isEqualTo("ranges must be between 1 and 100000, was 0");

        HttpResponse<String> unknownType = demo.post("/api/jobs", "{\"type\":\"fibonacci\"}");
        assertThat(unknownType.statusCode()).isEqualTo(404);
        assertThat(demo.parse(unknownType.body()).get("detail").asString())
                .isEqualTo("no job type 'fibonacci'; there are [batch-sales, csv-sales, pi, primes]");

        assertThat(demo.get("/api/jobs/job-999999").statusCode()).isEqualTo(404);
    }

    @Test
    void jobsTooBigToFinishAreRejectedNamingTheParameterTheValueAndTheRangeAllowed() {
        int jobsBefore = demo.getJson("/api/jobs").size();
        assertThat(problem(demo.post("/api/jobs", "{\"type\":\"csv-sales\",\"params\":{\"files\":1000,\"rows\":1000000}}"), 400))
                .isEqualTo("rows must be between 1 and 20000 for 1000 files (a data set holds at most 20000000 orders),"
                        + " was 1000000");
        assertThat(problem(demo.post("/api/jobs", "{\"type\":\"csv-sales\",\"params\":{\"rows\":10000000}}"), 400))
                .isEqualTo("rows must be between 1 and 1000000, was 10000000");
        assertThat(problem(demo.post("/api/jobs", "{\"type\":\"pi\",\"params\":{\"samples\":100000000000}}"), 400))
                .isEqualTo("samples must be between 1 and 10000000000, was 100000000000");
        assertThat(problem(demo.post("/api/jobs", "{\"type\":\"primes\",\"params\":{\"limit\":1000000000}}"), 400))
                .isEqualTo("limit must be between 2 and 100000000, was 1000000000");
        assertThat(demo.getJson("/api/jobs")).as("nothing was started").hasSize(jobsBefore);
    }

    @Test
    void bodiesThatAreNotAJobRequestGetAProblemDocumentSayingWhatWasWrong() {
        int jobsBefore = demo.getJson("/api/jobs").size();
        String example = " such as {\"type\": \"primes\", \"params\": {\"limit\": 2000000}}";
        assertThat(problem(demo.post("/api/jobs", ""), 400)).isEqualTo("the request body is missing; send a JSON object" + example);
        assertThat(problem(demo.post("/api/jobs", "{\"type\":\"primes\",\"params\":{\"limit\":"), 400))
                .isEqualTo("the request body is not valid JSON (line 1, column 36):"
                        + " Unexpected end-of-input within/between Object entries");
        assertThat(problem(demo.post("/api/jobs", "{\"type\": primes}"), 400))
                .startsWith("the request body is not valid JSON (line 1, column 10): ");
        assertThat(problem(demo.post("/api/jobs", "[\"primes\"]"), 400))
                .isEqualTo("the request body must be a JSON object" + example + ", was an array (line 1, column 1)");
        assertThat(problem(demo.post("/api/jobs", "{\"type\":[\"primes\"]}"), 400))
                .isEqualTo("type must be a string, was an array (line 1, column 9)");
        assertThat(problem(demo.post("/api/jobs", "{\"type\":\"primes\",\"params\":[2000000]}"), 400))
                .isEqualTo("params must be an object of names and values, was an array (line 1, column 27)");
        assertThat(problem(demo.post("/api/jobs", "{\"type\":\"primes\",\"params\":{\"limit\":\"many\"}}"), 400))
                .isEqualTo("limit must be a whole number, was 'many'");
        assertThat(demo.getJson("/api/jobs")).as("nothing was started").hasSize(jobsBefore);
    }

    /** @return the detail of a problem document with that status */
    private String problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(response.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = demo.parse(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        return problem.get("detail").asString();
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(path -> !path.equals(dir)).toList();
        }
    }

    private static JsonNode busyWorker(JsonNode mp) {
        for (JsonNode worker : mp.get("workers")) {
            if ("busy".equals(worker.get("state").asString())) {
                return worker;
            }
        }
        return null;
    }
}
