package io.github.mp4j.demo.task;

/**
 * How many primes one range holds.
 *
 * @param from the first number of the range
 * @param to one past its last number
 * @param primes the primes in it
 */
public record RangeCount(long from, long to, long primes) {
}
