package io.github.mp4j.demo.task;

/**
 * One batch of Monte-Carlo samples. The seed makes the batch repeatable: a batch run again
 * (after its worker died) gives the same count, so the estimate does not depend on faults.
 *
 * @param seed the random generator's seed
 * @param count how many points to draw
 */
public record Samples(long seed, long count) {
}
