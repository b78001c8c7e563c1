package io.github.mp4j.demo.task;

import java.util.ArrayList;
import java.util.List;

/**
 * The numbers {@code from} (inclusive) to {@code to} (exclusive).
 *
 * @param from the first number
 * @param to one past the last number
 */
public record Range(long from, long to) {

    /**
     * Splits {@code [0, limit)} into {@code parts} ranges of (nearly) equal length.
     *
     * @param limit one past the last number
     * @param parts how many ranges, at most {@code limit}
     * @return the ranges, in order
     */
    public static List<Range> split(long limit, int parts) {
        List<Range> ranges = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            ranges.add(new Range(limit * i / parts, limit * (i + 1) / parts));
        }
        return ranges;
    }
}
