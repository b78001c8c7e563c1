package io.github.mp4j.demo.job;

import java.util.Map;

/**
 * What a job produced.
 *
 * @param value the headline answer, such as the number of primes
 * @param details everything else worth showing, by name
 */
public record JobResult(Object value, Map<String, Object> details) {
}
