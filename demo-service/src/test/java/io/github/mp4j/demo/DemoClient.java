package io.github.mp4j.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to a running demo over real HTTP, as any client would. */
final class DemoClient {

    /** Long enough for any job of the tests on a slow, busy 2-core machine. */
    static final Duration PATIENCE = Duration.ofSeconds(120);
    /** For requests that answer at once. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String base;

    DemoClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    String base() {
        return base;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT).GET().build());
    }

    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    JsonNode parse(String text) {
        return json.readTree(text);
    }

    /** Posts a job and returns its id. */
    String submit(String type, Map<String, ?> params) {
        HttpResponse<String> response = post("/api/jobs", json.writeValueAsString(Map.of("type", type, "params", params)));
        assertThat(response.statusCode()).as("POST /api/jobs: %s", response.body()).isEqualTo(202);
        String id = json.readTree(response.body()).get("id").asString();
        assertThat(response.headers().firstValue("Location")).hasValue("/api/jobs/" + id);
        return id;
    }

    /** Polls the job until it finished and returns it; fails if that takes longer than {@link #PATIENCE}. */
    JsonNode awaitFinished(String id) {
        return await("job " + id + " finished", () -> getJson("/api/jobs/" + id),
                job -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(job.get("state").asString()));
    }

    /**
     * Every line of {@code GET /api/jobs/{id}/results}, read as it streams until the job's end line;
     * fails if the stream has not ended after {@link #PATIENCE}.
     */
    List<JsonNode> results(String id) {
        CompletableFuture<List<JsonNode>> lines = openResults(id)
                .thenApply(response -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                            type -> assertThat(type).startsWith("application/x-ndjson"));
                    try (Stream<String> body = response.body()) {
                        return body.filter(line -> !line.isBlank()).map(json::readTree).toList();
                    }
                });
        try {
            return lines.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            lines.cancel(true);
            throw new AssertionError("the results of " + id + " were still streaming after " + PATIENCE + "; the job: "
                    + get("/api/jobs/" + id).body() + "; the pool: " + get("/api/pool").body(), e);
        } catch (ExecutionException e) {
            throw new AssertionError("streaming the results of " + id + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Starts {@code GET /api/jobs/{id}/results}.
     *
     * @return completes as soon as the status line and headers have arrived; the body is read as
     *     its lines arrive
     */
    CompletableFuture<HttpResponse<Stream<String>>> openResults(String id) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/jobs/" + id + "/results")).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    }

    /**
     * Scrapes {@code /actuator/prometheus}.
     *
     * @return every sample's value, summed over its labels, by metric name as Prometheus sees it
     */
    Map<String, Double> scrape() {
        HttpResponse<String> response = get("/actuator/prometheus");
        assertThat(response.statusCode()).as("GET /actuator/prometheus").isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.find()) {
                samples.merge(sample.group(1), Double.parseDouble(sample.group(3)), Double::sum);
            }
        }
        return samples;
    }

    /** One metric from a fresh scrape; fails if the demo does not export it. */
    double metric(String name) {
        Double value = scrape().get(name);
        assertThat(value).as("%s on /actuator/prometheus", name).isNotNull();
        return value;
    }

    /**
     * Polls until the condition holds; fails after {@link #PATIENCE}.
     *
     * @return the value that satisfied it
     */
    static <T> T await(String what, Supplier<T> probe, Predicate<? super T> condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        T value = probe.get();
        while (!condition.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + PATIENCE + " waiting for: " + what + "; last seen: " + value);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
            value = probe.get();
        }
        return value;
    }
}
