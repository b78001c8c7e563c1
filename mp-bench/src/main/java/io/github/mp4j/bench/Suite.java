package io.github.mp4j.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs and records measurements, as {@code Suite} in the Python suite: warm-up runs first (not
 * counted), then the measured runs, whose median is printed as {@code NAME value unit}.
 */
final class Suite {

    /** One run of a workload's timed part. */
    @FunctionalInterface
    interface RunOnce {
        Measurement run() throws Exception;
    }

    private final int warmup;
    private final int repeats;
    private final PrintStream out;
    private final Map<String, Map<String, Object>> results = new LinkedHashMap<>();

    Suite(int warmup, int repeats, PrintStream out) {
        this.warmup = warmup;
        this.repeats = repeats;
        this.out = out;
    }

    int warmup() {
        return warmup;
    }

    int repeats() {
        return repeats;
    }

    /** @return every recorded metric, in the order recorded, as written to the JSON file */
    Map<String, Map<String, Object>> results() {
        return Collections.unmodifiableMap(results);
    }

    /** @return whether any workload failed */
    boolean anyFailed() {
        return results.values().stream().anyMatch(r -> r.containsKey("error"));
    }

    /**
     * Warms up, then measures.
     *
     * @param name the metric's name
     * @param unit its unit
     * @param better which direction is an improvement
     * @param note what the workload does, kept in the JSON file
     * @param runOnce one run
     * @throws Exception whatever a run throws; the caller records the failure
     */
    void bench(String name, String unit, Better better, String note, RunOnce runOnce) throws Exception {
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < warmup; i++) {
            warm.add(runOnce.run().value());
        }
        List<Double> runs = new ArrayList<>();
        List<Map<String, Object>> details = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            Measurement m = runOnce.run();
            runs.add(m.value());
            details.add(m.details());
        }
        boolean anyDetails = details.stream().anyMatch(Objects::nonNull);
        record(name, unit, better, runs, warm, anyDetails ? details : null, note);
    }

    /**
     * Records measured runs and prints their median.
     *
     * @param name the metric's name
     * @param unit its unit
     * @param better which direction is an improvement
     * @param runs the measured values
     * @param warmupRuns the warm-up values
     * @param details per-run details, or {@code null}
     * @param note what the workload does, or {@code null}
     */
    void record(String name, String unit, Better better, List<Double> runs, List<Double> warmupRuns,
                List<Map<String, Object>> details, String note) {
        double median = Numbers.median(runs);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("unit", unit);
        entry.put("better", better.label());
        entry.put("median", median);
        entry.put("best", better.best(runs));
        entry.put("runs", List.copyOf(runs));
        entry.put("warmup", List.copyOf(warmupRuns));
        if (details != null) {
            entry.put("run_details", details);
        }
        if (note != null) {
            entry.put("note", String.join(" ", note.trim().split("\\s+")));
        }
        results.put(name, entry);
        out.println(name + " " + Numbers.format(median) + " " + unit);
        out.flush();
    }

    /**
     * Records a failed workload and prints {@code NAME nan FAILED}.
     *
     * @param name the workload's name
     * @param error why it failed
     */
    void fail(String name, Throwable error) {
        results.put(name, Map.of("error", error.getClass().getSimpleName() + ": " + error.getMessage()));
        out.println(name + " nan FAILED");
        out.flush();
    }
}
