package io.github.mp4j.bench;

import java.util.Map;

/**
 * The outcome of one run of a workload: its value and optional per-run details (Python's
 * {@code run_once} returning either {@code value} or {@code (value, details)}).
 *
 * @param value the metric's value
 * @param details extra numbers kept in the JSON file, or {@code null}
 */
record Measurement(double value, Map<String, Object> details) {

    static Measurement of(double value) {
        return new Measurement(value, null);
    }

    static Measurement of(double value, Map<String, Object> details) {
        return new Measurement(value, details);
    }
}
