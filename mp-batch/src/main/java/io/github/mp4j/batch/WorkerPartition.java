package io.github.mp4j.batch;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What a {@link WorkerStep} gets in the worker JVM: the partition's execution context (what the
 * partitioner put there, or what the partition saved before it failed, on a restart), the
 * partition's step name, the job's name and the job's parameters.
 *
 * <p>It travels as plain maps, so every value in them must be serializable; the execution
 * context is rebuilt in the worker from the map.
 */
public final class WorkerPartition implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String jobName;
    private final String stepName;
    private final Map<String, Object> context;
    private final Map<String, Object> jobParameters;

    /**
     * @param jobName the job's name
     * @param stepName the partition's step name ({@code worker:partition0}, say)
     * @param context the partition's execution context, as a map
     * @param jobParameters the job's parameters, name to value
     */
    public WorkerPartition(String jobName, String stepName, Map<String, Object> context,
                           Map<String, Object> jobParameters) {
        this.jobName = jobName;
        this.stepName = stepName;
        this.context = new LinkedHashMap<>(context);
        this.jobParameters = new LinkedHashMap<>(jobParameters);
    }

    /** @return the job's name */
    public String jobName() {
        return jobName;
    }

    /** @return the partition's step name */
    public String stepName() {
        return stepName;
    }

    /** @return a fresh execution context holding the partition's entries, for the worker's streams to open and update */
    public ExecutionContext executionContext() {
        return new ExecutionContext(new LinkedHashMap<>(context));
    }

    /** @return the job's parameters, name to value, read-only */
    public Map<String, Object> jobParameters() {
        return Collections.unmodifiableMap(jobParameters);
    }

    @Override
    public String toString() {
        return "WorkerPartition[" + jobName + "/" + stepName + ", context=" + context + "]";
    }
}
