package io.github.mp4j.demo.job;

/**
 * A whole-number parameter a job type accepts.
 *
 * @param name its name
 * @param defaultValue the value when none is given
 * @param min the smallest value allowed
 * @param max the largest value allowed
 * @param description what it means, for people
 */
public record JobParam(String name, long defaultValue, long min, long max, String description) {
}
