package io.github.mp4j.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.demo.job.JobContext;
import io.github.mp4j.demo.job.JobParam;
import io.github.mp4j.demo.job.JobParams;
import io.github.mp4j.demo.job.JobResult;
import io.github.mp4j.demo.job.JobType;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.Progress;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/jobs/{id}/results} streams: the headers and the first result line reach a client
 * while the job still runs. The job here cannot finish before the test lets it.
 */
class ResultsStreamTest extends RunningDemo {

    @Autowired
    GatedJob gated;

    @Test
    void theHeadersAndTheFirstResultArriveWhileTheJobStillRuns() throws Exception {
        String id = demo.submit(GatedJob.NAME, Map.of());
        try {
            HttpResponse<Stream<String>> response = demo.openResults(id).get(DemoClient.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/x-ndjson"));
            Iterator<String> lines = response.body().filter(line -> !line.isBlank()).iterator();

            JsonNode first = demo.parse(CompletableFuture.supplyAsync(lines::next)
                    .get(DemoClient.PATIENCE.toSeconds(), TimeUnit.SECONDS));
            assertThat(first.get("type").asString()).isEqualTo("chunk");
            assertThat(first.get("index").asInt()).isZero();
            assertThat(first.get("value").asString()).isEqualTo("before the gate");
            assertThat(gated.released()).as("the job cannot have finished yet").isFalse();
            assertThat(demo.getJson("/api/jobs/" + id).get("state").asString()).isEqualTo("RUNNING");

            gated.release();
            List<JsonNode> rest = CompletableFuture.supplyAsync(() -> {
                List<String> remaining = new ArrayList<>();
                lines.forEachRemaining(remaining::add);
                return remaining.stream().map(demo::parse).toList();
            }).get(DemoClient.PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(rest).hasSize(2);
            assertThat(rest.get(0).get("value").asString()).isEqualTo("after the gate");
            assertThat(rest.get(1).get("type").asString()).isEqualTo("end");
            assertThat(rest.get(1).get("job").get("state").asString()).isEqualTo("SUCCEEDED");
        } finally {
            gated.release();
        }
    }

    /** Adds the gated job type to the demo. */
    @TestConfiguration
    static class GatedJobConfiguration {

        @Bean
        GatedJob gatedJob() {
            return new GatedJob();
        }
    }

    /** Publishes one result, waits until the test releases it, publishes another and finishes. */
    static final class GatedJob implements JobType {

        static final String NAME = "gated";

        private final CountDownLatch gate = new CountDownLatch(1);

        void release() {
            gate.countDown();
        }

        boolean released() {
            return gate.getCount() == 0;
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "Waits for the test between its two results";
        }

        @Override
        public List<JobParam> params() {
            return List.of();
        }

        @Override
        public String label(JobParams params) {
            return NAME;
        }

        @Override
        public JobResult run(ProcessPool pool, JobParams params, JobContext context) {
            context.phase("waiting for the test", 2, () -> new Progress(released() ? 2 : 1, 2));
            context.emit("before the gate");
            try {
                if (!gate.await(2 * DemoClient.PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the job");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted at the gate", e);
            }
            context.emit("after the gate");
            return new JobResult(2, Map.of());
        }
    }
}
