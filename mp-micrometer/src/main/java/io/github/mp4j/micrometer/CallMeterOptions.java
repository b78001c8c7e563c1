package io.github.mp4j.micrometer;

import java.util.Arrays;

/**
 * How {@link ProcessPoolMetrics} meters calls by their label: how many distinct labels get meters
 * of their own, and what the task duration timer publishes besides count, total and maximum.
 * Immutable; made by {@link #custom()}.
 *
 * <pre>{@code
 * CallMeterOptions options = CallMeterOptions.custom().maxCallLabels(50).percentiles(0.5, 0.95, 0.99).build();
 * new ProcessPoolMetrics(pool, options).bindTo(registry);
 * }</pre>
 */
public final class CallMeterOptions {

    /** Distinct call labels metered by default; later labels share the tag value {@value MpMeterNames#OTHER_CALLS}. */
    public static final int DEFAULT_MAX_CALL_LABELS = 100;
    /** The defaults: {@value #DEFAULT_MAX_CALL_LABELS} labels, no histogram, no percentiles. */
    public static final CallMeterOptions DEFAULTS = custom().build();

    private final int maxCallLabels;
    private final boolean percentileHistogram;
    private final double[] percentiles;

    private CallMeterOptions(Builder builder) {
        this.maxCallLabels = builder.maxCallLabels;
        this.percentileHistogram = builder.percentileHistogram;
        this.percentiles = builder.percentiles.clone();
    }

    /** @return a builder starting from the defaults */
    public static Builder custom() {
        return new Builder();
    }

    /** @return how many distinct call labels get meters of their own */
    public int maxCallLabels() {
        return maxCallLabels;
    }

    /** @return whether the task duration timer publishes histogram buckets (for server-side percentiles) */
    public boolean percentileHistogram() {
        return percentileHistogram;
    }

    /** @return the percentiles the task duration timer computes in this process (for example 0.95), possibly none */
    public double[] percentiles() {
        return percentiles.clone();
    }

    /** Builds {@link CallMeterOptions}. */
    public static final class Builder {

        private int maxCallLabels = DEFAULT_MAX_CALL_LABELS;
        private boolean percentileHistogram;
        private double[] percentiles = new double[0];

        private Builder() {
        }

        /**
         * @param max how many distinct call labels get meters of their own, >= 1; the calls of later
         *     labels are metered together under {@value MpMeterNames#OTHER_CALLS}
         * @return this builder
         */
        public Builder maxCallLabels(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxCallLabels must be >= 1, was " + max);
            }
            this.maxCallLabels = max;
            return this;
        }

        /**
         * @param publish whether the task duration timer publishes histogram buckets, from which a
         *     server such as Prometheus computes percentiles across processes (costs a time series per bucket)
         * @return this builder
         */
        public Builder percentileHistogram(boolean publish) {
            this.percentileHistogram = publish;
            return this;
        }

        /**
         * @param values percentiles the task duration timer computes in this process, each in [0, 1]
         *     (0.5 is the median); they cannot be aggregated across processes
         * @return this builder
         */
        public Builder percentiles(double... values) {
            for (double value : values) {
                if (!(value >= 0 && value <= 1)) {
                    throw new IllegalArgumentException("percentiles must be between 0 and 1 (0.95 is the 95th), was "
                            + value + " in " + Arrays.toString(values));
                }
            }
            this.percentiles = values.clone();
            return this;
        }

        /** @return the options */
        public CallMeterOptions build() {
            return new CallMeterOptions(this);
        }
    }
}
