package io.github.mp4j.actuator;

import io.github.mp4j.micrometer.CallMeterOptions;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code mp.metrics.*} properties: how the pools' calls are metered
 * ({@link CallMeterOptions}).
 */
@ConfigurationProperties("mp.metrics")
public class MpMetricsProperties {

    /** Distinct call labels metered per pool; the calls of further labels share the tag call=other. */
    private int maxCallLabels = CallMeterOptions.DEFAULT_MAX_CALL_LABELS;

    /** The task duration timer (mp.call.task.duration). */
    private final TaskDuration taskDuration = new TaskDuration();

    /** @return distinct call labels metered per pool */
    public int getMaxCallLabels() {
        return maxCallLabels;
    }

    /** @param maxCallLabels distinct call labels metered per pool, >= 1 */
    public void setMaxCallLabels(int maxCallLabels) {
        this.maxCallLabels = maxCallLabels;
    }

    /** @return the {@code mp.metrics.task-duration.*} properties */
    public TaskDuration getTaskDuration() {
        return taskDuration;
    }

    /**
     * @return the options these properties describe
     * @throws IllegalArgumentException naming the property whose value is not allowed
     */
    CallMeterOptions toOptions() {
        CallMeterOptions.Builder options = CallMeterOptions.custom().percentileHistogram(taskDuration.percentileHistogram);
        try {
            options.maxCallLabels(maxCallLabels);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mp.metrics.max-call-labels must be >= 1, was " + maxCallLabels, e);
        }
        try {
            options.percentiles(taskDuration.percentiles.stream().mapToDouble(Double::doubleValue).toArray());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mp.metrics.task-duration.percentiles must each be between 0 and 1"
                    + " (0.95 is the 95th percentile), was " + taskDuration.percentiles, e);
        }
        return options.build();
    }

    /** The {@code mp.metrics.task-duration.*} properties. */
    public static class TaskDuration {

        /** Whether to publish histogram buckets, from which Prometheus computes percentiles across instances. */
        private boolean percentileHistogram;

        /** Percentiles computed in this application, such as 0.5, 0.95, 0.99; they cannot be aggregated across instances. */
        private List<Double> percentiles = new ArrayList<>();

        /** @return whether to publish histogram buckets */
        public boolean isPercentileHistogram() {
            return percentileHistogram;
        }

        /** @param percentileHistogram whether to publish histogram buckets */
        public void setPercentileHistogram(boolean percentileHistogram) {
            this.percentileHistogram = percentileHistogram;
        }

        /** @return the percentiles computed in this application */
        public List<Double> getPercentiles() {
            return percentiles;
        }

        /** @param percentiles the percentiles computed in this application, each in [0, 1] */
        public void setPercentiles(List<Double> percentiles) {
            this.percentiles = percentiles;
        }
    }
}
