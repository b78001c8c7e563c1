package io.github.mp4j.batch;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.function.SerializableFunction;
import io.github.mp4j.pool.AsyncResult;
import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.TaskFailedException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameter;
import org.springframework.batch.core.partition.support.AbstractPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * A {@code PartitionHandler} that runs each partition of a partitioned step in a worker of a
 * {@link ProcessPool}: a worker JVM of its own, isolated from the others and from the
 * application, on all the machine's cores, with no message broker.
 *
 * <pre>{@code
 * @Bean
 * Step salesStep(JobRepository jobRepository, ProcessPool pool) {
 *     ProcessPoolPartitionHandler handler = new ProcessPoolPartitionHandler(pool, jobRepository,
 *             ChunkWorkerStep.of(500, new SalesItems()));   // what each partition runs in a worker
 *     handler.setGridSize(8);
 *     return new StepBuilder("sales", jobRepository)
 *             .partitioner("sales-partition", FilePartitioner.files(inputFiles))
 *             .partitionHandler(handler)
 *             .build();
 * }
 * }</pre>
 *
 * <p><b>The manager JVM keeps the {@code JobRepository}.</b> Workers never see it: each
 * partition's {@link WorkerStep} runs as one pool task and sends back a {@link PartitionReport},
 * which the handler writes to the partition's {@code StepExecution} as soon as it arrives, so the
 * repository shows the partitions' progress while the step runs (status, exit status,
 * read/filter/write/skip/commit/rollback counts, execution context). The partitioned step then
 * aggregates them as it does for local partitions. A partition that failed is {@code FAILED} in
 * the repository with its worker's stack trace; one whose worker died (killed, out of memory) is
 * {@code FAILED} with the pool's {@code WorkerDiedException}, naming the worker's pid and exit
 * code, unless the pool's (or {@link #setCallOptions call options'}) retries run it again on
 * another worker. Spring Batch's splitter re-runs on restart only the partitions that did not
 * complete, each from the execution context it saved.
 *
 * <p><b>Stopping.</b> While partitions run, the handler watches the job execution; once a
 * {@code JobOperator} stops it, no further partition is sent, running ones are cut short (their
 * worker JVMs are replaced), and every partition that did not finish is {@code STOPPED}: the job
 * ends {@code STOPPED} and is restartable.
 *
 * <p><b>Metrics.</b> Each partition is a pool call labelled {@code job/step} (the job's and this
 * step's names), so mp4j's per-call meters ({@code mp.call.*}) and the worker's log context say
 * which job and step a task belongs to. Spring Batch's own meters and observations are those of
 * the partitioned step and its partitions, unchanged.
 */
public class ProcessPoolPartitionHandler extends AbstractPartitionHandler {

    /** How often the handler checks whether the job was asked to stop while partitions run. */
    public static final Duration DEFAULT_STOP_POLL_INTERVAL = Duration.ofMillis(250);

    private final ProcessPool pool;
    private final JobRepository jobRepository;
    private final WorkerStep workerStep;
    private CallOptions callOptions = CallOptions.defaults();
    private Duration stopPollInterval = DEFAULT_STOP_POLL_INTERVAL;

    /**
     * @param pool the pool whose workers run the partitions
     * @param jobRepository the repository the partitions' step executions are written to
     * @param workerStep what each partition runs in its worker
     */
    public ProcessPoolPartitionHandler(ProcessPool pool, JobRepository jobRepository, WorkerStep workerStep) {
        if (pool == null || jobRepository == null || workerStep == null) {
            throw new IllegalArgumentException("pool, jobRepository and workerStep must not be null");
        }
        this.pool = pool;
        this.jobRepository = jobRepository;
        this.workerStep = workerStep;
        setGridSize(pool.config().processes());
    }

    /**
     * Options of the partitions' pool calls: retries (a partition whose worker died runs again
     * elsewhere), task timeout, priority. Without a label of their own, calls are labelled
     * {@code job/step}.
     *
     * @param options the options
     */
    public void setCallOptions(CallOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        this.callOptions = options;
    }

    /**
     * @param interval how often to check whether the job was asked to stop (default
     *     {@link #DEFAULT_STOP_POLL_INTERVAL}); each check reads the job execution from the repository
     */
    public void setStopPollInterval(Duration interval) {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("stopPollInterval must be positive, was " + interval);
        }
        this.stopPollInterval = interval;
    }

    /** @return the step each partition runs in a worker */
    public WorkerStep getWorkerStep() {
        return workerStep;
    }

    @Override
    protected Set<StepExecution> doHandle(StepExecution managerStepExecution, Set<StepExecution> partitions) {
        CallOptions options = optionsFor(managerStepExecution);
        SerializableFunction<WorkerPartition, PartitionReport> task = new RunPartition(workerStep);
        Map<StepExecution, AsyncResult<PartitionReport>> running = new LinkedHashMap<>();
        for (StepExecution partition : partitions) {
            partition.setStatus(BatchStatus.STARTED);
            partition.setStartTime(LocalDateTime.now());
            jobRepository.update(partition);
            running.put(partition, pool.applyAsync(task, workerPartition(partition), options));
        }
        awaitOrStop(managerStepExecution, running);
        return partitions;
    }

    /** Labels the calls {@code job/step} unless the options carry a label of their own. */
    CallOptions optionsFor(StepExecution managerStepExecution) {
        if (!CallOptions.UNLABELLED.equals(callOptions.label())) {
            return callOptions;
        }
        String label = managerStepExecution.getJobExecution().getJobInstance().getJobName() + "/"
                + managerStepExecution.getStepName();
        if (label.length() > CallOptions.MAX_LABEL_LENGTH) {
            label = label.substring(0, CallOptions.MAX_LABEL_LENGTH);
        }
        return callOptions.withLabel(label);
    }

    private static WorkerPartition workerPartition(StepExecution partition) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (JobParameter<?> parameter : partition.getJobParameters()) {
            parameters.put(parameter.name(), parameter.value());
        }
        return new WorkerPartition(partition.getJobExecution().getJobInstance().getJobName(), partition.getStepName(),
                partition.getExecutionContext().toMap(), parameters);
    }

    /**
     * Waits for every partition, writing each one's outcome to the repository as soon as it
     * arrives (so the repository shows the partitions' progress), and checking between waits
     * whether the job is stopping; if so, cancels what has not finished and marks it STOPPED.
     */
    private void awaitOrStop(StepExecution manager, Map<StepExecution, AsyncResult<PartitionReport>> running) {
        CompletableFuture<?> all = CompletableFuture.allOf(running.values().stream()
                .map(AsyncResult::toCompletableFuture).map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new));
        Map<StepExecution, AsyncResult<PartitionReport>> unrecorded = new LinkedHashMap<>(running);
        try {
            while (!unrecorded.isEmpty()) {
                try {
                    all.get(stopPollInterval.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    if (isStopping(manager)) {
                        unrecorded.values().forEach(result -> result.cancel(true));
                        unrecorded.forEach((partition, result) -> record(partition, result, true));
                        return;
                    }
                }
                recordFinished(unrecorded);
            }
        } catch (InterruptedException e) {
            running.values().forEach(result -> result.cancel(true));
            Thread.currentThread().interrupt();
            throw new MpInterruptedException("the partitions of step " + manager.getStepName(), e);
        } catch (ExecutionException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    private void recordFinished(Map<StepExecution, AsyncResult<PartitionReport>> unrecorded) {
        unrecorded.entrySet().removeIf(entry -> {
            if (!entry.getValue().ready()) {
                return false;
            }
            record(entry.getKey(), entry.getValue(), false);
            return true;
        });
    }

    private boolean isStopping(StepExecution manager) {
        if (manager.isTerminateOnly()) {
            return true;
        }
        JobExecution current = jobRepository.getJobExecution(manager.getJobExecutionId());
        return current != null && (current.getStatus() == BatchStatus.STOPPING || current.getStatus() == BatchStatus.STOPPED);
    }

    private void record(StepExecution partition, AsyncResult<PartitionReport> result, boolean stopped) {
        try {
            apply(partition, result.get());
        } catch (CancellationException cancelled) {
            markStopped(partition, stopped);
        } catch (TaskFailedException failed) {
            markFailed(partition, failed);
        }
        partition.setEndTime(LocalDateTime.now());
        jobRepository.updateExecutionContext(partition);
        jobRepository.update(partition);
    }

    private static void apply(StepExecution partition, PartitionReport report) {
        PartitionReport.Counts counts = report.counts();
        partition.setReadCount(counts.read());
        partition.setFilterCount(counts.filtered());
        partition.setWriteCount(counts.written());
        partition.setCommitCount(counts.commits());
        partition.setReadSkipCount(counts.readSkips());
        partition.setProcessSkipCount(counts.processSkips());
        partition.setWriteSkipCount(counts.writeSkips());
        partition.setRollbackCount(counts.rollbacks());
        partition.setExecutionContext(report.executionContext());
        partition.setStatus(report.status());
        partition.setExitStatus(report.exitStatus());
        if (report.failure() != null) {
            partition.addFailureException(new WorkerPartitionException("Partition " + partition.getStepName()
                    + " failed in its worker JVM; the job can be restarted to run it again. Worker's trace:\n"
                    + report.failure()));
        }
    }

    private static void markStopped(StepExecution partition, boolean stopped) {
        partition.setStatus(stopped ? BatchStatus.STOPPED : BatchStatus.FAILED);
        partition.setExitStatus(stopped ? ExitStatus.STOPPED.addExitDescription("The job was stopped; restart it to run "
                + "this partition again") : ExitStatus.FAILED.addExitDescription("The partition's pool call was cancelled"));
    }

    private static void markFailed(StepExecution partition, TaskFailedException failure) {
        partition.setStatus(BatchStatus.FAILED);
        partition.setExitStatus(ExitStatus.FAILED.addExitDescription(failure));
        partition.addFailureException(failure);
    }

    /** The pool task of one partition: runs the worker step and reports. */
    private record RunPartition(WorkerStep step) implements SerializableFunction<WorkerPartition, PartitionReport> {

        @Override
        public PartitionReport apply(WorkerPartition partition) {
            try {
                return step.execute(partition);
            } catch (Exception e) {
                return PartitionReport.failed(PartitionReport.Counts.NONE, partition.executionContext(), e);
            }
        }
    }
}
