package io.github.mp4j.demo.web;

import java.util.Map;

/**
 * A job to run, as posted to {@code /api/jobs}: {@code {"type": "primes", "params": {"limit": 2000000}}}.
 *
 * @param type the job type's name
 * @param params its parameters; missing ones take their defaults
 */
public record JobRequest(String type, Map<String, Object> params) {
}
