/**
 * Micrometer meters for mp4j, without Spring: {@link io.github.mp4j.micrometer.ProcessPoolMetrics}
 * and {@link io.github.mp4j.micrometer.ProcessQueueMetrics} are {@code MeterBinder}s any
 * application binds to its registry; {@link io.github.mp4j.micrometer.MpMeterNames} lists the
 * meters' names.
 */
package io.github.mp4j.micrometer;
