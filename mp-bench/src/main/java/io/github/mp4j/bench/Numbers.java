package io.github.mp4j.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** Median and number formatting, exactly as {@code _median} and {@code _fmt} in the Python suite. */
final class Numbers {

    private Numbers() {
    }

    /**
     * @param values at least one value
     * @return the middle value, or the mean of the two middle values
     */
    static double median(List<Double> values) {
        double[] ordered = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = ordered.length / 2;
        return ordered.length % 2 == 1 ? ordered[mid] : (ordered[mid - 1] + ordered[mid]) / 2;
    }

    /**
     * Formats like Python's {@code _fmt}: 0 decimals from 1000 up, 1 from 100, 2 from 1, else 4.
     * Rounding goes through {@link BigDecimal} so that ties round like Python's {@code format}
     * (half-even on the exact binary value), not like {@code String.format} (half-up).
     *
     * @param value any double
     * @return its text, {@code nan} for NaN
     */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        double magnitude = Math.abs(value);
        int decimals = magnitude >= 1000 ? 0 : magnitude >= 100 ? 1 : magnitude >= 1 ? 2 : 4;
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }
}
