package io.github.mp4j.bench;

import java.util.List;
import java.util.Locale;

/** Which direction of a metric is an improvement. */
enum Better {
    HIGHER,
    LOWER;

    /**
     * @param runs measured values
     * @return the best of them in this direction
     */
    double best(List<Double> runs) {
        return this == HIGHER ? runs.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                : runs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    /** @return {@code "higher"} or {@code "lower"}, as in the Python suite's JSON */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
