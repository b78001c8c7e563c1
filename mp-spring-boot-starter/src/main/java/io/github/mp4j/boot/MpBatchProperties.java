package io.github.mp4j.boot;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code mp.batch.*} properties of Spring Batch on the pool's workers
 * ({@link MpBatchAutoConfiguration}). Everything else (workers, JVM options, task timeout) is
 * the pool's, under {@code mp.*}.
 */
@ConfigurationProperties("mp.batch")
public class MpBatchProperties {

    /** Whether to auto-configure the ProcessPoolBatchFactory when Spring Batch is on the class path. */
    private boolean enabled = true;

    /** Partitions a partitioned step asks its partitioner for; 0 means one per pool worker. */
    private int gridSize;

    /** How many times a partition or item whose worker died runs again on another worker, 0 to 10; -1 takes the pool's mp.retries. */
    private int retries = -1;

    /** Label of the pool calls, the value of the call tag of the mp.call.* meters; empty labels each call job/step. */
    private String label = "";

    /** How often a partitioned step checks whether its job was asked to stop. */
    private Duration stopPollInterval = Duration.ofMillis(250);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getGridSize() {
        return gridSize;
    }

    public void setGridSize(int gridSize) {
        this.gridSize = gridSize;
    }

    public int getRetries() {
        return retries;
    }

    public void setRetries(int retries) {
        this.retries = retries;
    }

    public String getLabel() {
        return label;
    }

    public void setLabel(String label) {
        this.label = label;
    }

    public Duration getStopPollInterval() {
        return stopPollInterval;
    }

    public void setStopPollInterval(Duration stopPollInterval) {
        this.stopPollInterval = stopPollInterval;
    }
}
