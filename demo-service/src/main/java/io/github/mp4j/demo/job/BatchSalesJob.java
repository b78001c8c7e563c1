package io.github.mp4j.demo.job;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.batch.ChunkWorkerStep;
import io.github.mp4j.batch.FilePartitioner;
import io.github.mp4j.batch.LineRangePartitioner;
import io.github.mp4j.batch.ProcessPoolBatchFactory;
import io.github.mp4j.batch.ProcessPoolPartitionHandler;
import io.github.mp4j.demo.DemoProperties;
import io.github.mp4j.demo.task.BatchSalesItems;
import io.github.mp4j.demo.task.CsvFile;
import io.github.mp4j.demo.task.CsvTasks;
import io.github.mp4j.demo.task.RegionTotals;
import io.github.mp4j.pool.AsyncResult;
import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;

/**
 * The csv-sales job as a Spring Batch job: a partitioned step whose partitions run in the pool's
 * worker JVMs ({@code ProcessPoolPartitionHandler}), its {@code JobRepository} in the embedded H2
 * database. {@code split=0} makes one partition per CSV file; {@code split=1} writes one large
 * file and cuts it into {@code files} byte ranges aligned to line starts. Each partition's
 * outcome is published as it arrives. {@code fail=N} makes partition N fail on purpose once, in
 * its second chunk: the job then ends FAILED, and this job type restarts it, which re-runs only
 * that partition, from its last completed chunk, to the same totals as a run without failure.
 */
@Component
public class BatchSalesJob implements JobType {

    private static final long POLL_MILLIS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(BatchSalesJob.class);

    private final Path workDir;
    private final ProcessPoolBatchFactory mp4j;
    private final JobRepository jobRepository;
    private final JobOperator jobOperator;
    private final AtomicLong runs = new AtomicLong(System.currentTimeMillis());

    /**
     * @param properties where the data sets go
     * @param mp4j the partition handlers on the pool
     * @param jobRepository Spring Batch's repository
     * @param jobOperator starts and stops the jobs
     */
    public BatchSalesJob(DemoProperties properties, ProcessPoolBatchFactory mp4j, JobRepository jobRepository,
                         JobOperator jobOperator) {
        this.workDir = properties.workDir();
        this.mp4j = mp4j;
        this.jobRepository = jobRepository;
        this.jobOperator = jobOperator;
    }

    @Override
    public String name() {
        return "batch-sales";
    }

    @Override
    public String description() {
        return "The csv-sales aggregation as a Spring Batch job, one partition per file (split=0) or per byte range of one "
                + "large file (split=1) in worker JVMs; fail=N fails partition N once, and the job is restarted";
    }

    @Override
    public List<JobParam> params() {
        return List.of(
                new JobParam("files", 8, 1, 1_000, "CSV files, or byte ranges of one file"),
                new JobParam("rows", 100_000, 1, 1_000_000, "orders per file (per range's share of the one file)"),
                new JobParam("split", 0, 0, 1, "0: one partition per file; 1: byte ranges of one large file"),
                new JobParam("fail", -1, -1, 999, "partition that fails once on purpose, then the job is restarted; -1: none"));
    }

    @Override
    public void checkLimits(JobParams params) {
        long files = params.get("files");
        long rows = params.get("rows");
        if (rows > CsvSalesJob.MAX_ORDERS / files) {
            throw new IllegalArgumentException("rows must be between 1 and " + CsvSalesJob.MAX_ORDERS / files + " for "
                    + files + " files (a data set holds at most " + CsvSalesJob.MAX_ORDERS + " orders), was " + rows);
        }
    }

    @Override
    public String label(JobParams params) {
        return "batch-sales-" + (params.get("split") == 0 ? "files-" : "ranges-") + params.get("files") + "x" + params.get("rows");
    }

    @Override
    public JobResult run(ProcessPool pool, JobParams params, JobContext context) {
        Path dir = createDirectory();
        try {
            boolean ranges = params.get("split") == 1;
            List<Path> files = writeDataSet(pool, dir, (int) params.get("files"), params.get("rows"), ranges, context);
            Partitioner partitioner = named(ranges ? new LineRangePartitioner(files.get(0)) : FilePartitioner.perFile(files));
            String failing = params.get("fail") < 0 ? "" : (ranges ? "range" : "file") + params.get("fail");
            Path marker = Files.createFile(dir.resolve("fail-once"));
            Job job = job(partitioner, (int) params.get("files"), new BatchSalesItems(failing, marker.toString()));
            JobParameters parameters = new JobParametersBuilder().addLong("run", runs.incrementAndGet()).toJobParameters();
            List<JobExecution> attempts = new ArrayList<>();
            Set<Long> published = new HashSet<>();
            JobExecution execution = launch(job, parameters, 1, published, context);
            attempts.add(execution);
            if (execution.getStatus() == BatchStatus.FAILED && !failing.isEmpty()) {
                execution = launch(job, parameters, 2, published, context);
                attempts.add(execution);
            }
            return result(attempts, ranges);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    private Job job(Partitioner partitioner, int gridSize, BatchSalesItems items) {
        ProcessPoolPartitionHandler handler = mp4j.partitionHandler(ChunkWorkerStep.of(BatchSalesItems.CHUNK, items));
        handler.setGridSize(gridSize);
        return new JobBuilder("batch-sales", jobRepository)
                .start(new StepBuilder("sales", jobRepository).partitioner("sales-partition", partitioner)
                        .partitionHandler(handler).build())
                .build();
    }

    /** Puts each partition's name in its context, where the items find it. */
    private static Partitioner named(Partitioner partitioner) {
        return gridSize -> {
            Map<String, ExecutionContext> partitions = partitioner.partition(gridSize);
            partitions.forEach((name, context) -> context.putString(BatchSalesItems.PARTITION_KEY, name));
            return partitions;
        };
    }

    /**
     * Runs (or restarts) the job on another thread, publishing each partition's outcome as it
     * arrives; {@code published} holds the step executions published by earlier attempts, which
     * the repository still answers with until the restart's execution exists.
     */
    private JobExecution launch(Job job, JobParameters parameters, int attempt, Set<Long> published, JobContext context) {
        CompletableFuture<JobExecution> running = CompletableFuture.supplyAsync(() -> {
            try {
                return jobOperator.start(job, parameters);
            } catch (Exception e) {
                throw new IllegalStateException("Spring Batch refused to start the job: " + e.getMessage(), e);
            }
        });
        long[] partitions = {0, 0};
        context.phase("partitions in worker JVMs (attempt " + attempt + ")", 0, () -> new Progress(partitions[0], partitions[1]));
        try {
            while (true) {
                try {
                    JobExecution done = running.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    publish(done.getId(), attempt, published, partitions, context);
                    return done;
                } catch (TimeoutException stillRunning) {
                    JobExecution current = jobRepository.getLastJobExecution("batch-sales", parameters);
                    if (current != null) {
                        publish(current.getId(), attempt, published, partitions, context);
                    }
                }
            }
        } catch (InterruptedException e) {
            stop(parameters, running);
            Thread.currentThread().interrupt();
            throw new MpInterruptedException("the batch-sales job", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the batch-sales job failed to run: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void publish(long executionId, int attempt, Set<Long> published, long[] partitions, JobContext context) {
        List<StepExecution> steps = partitionsOf(executionId);
        partitions[1] = steps.size();
        partitions[0] = steps.stream().filter(s -> !s.getStatus().isRunning()).count();
        for (StepExecution step : steps) {
            if (!step.getStatus().isRunning() && published.add(step.getId())) {
                Map<String, Object> outcome = new LinkedHashMap<>();
                outcome.put("attempt", attempt);
                outcome.put("partition", step.getStepName());
                outcome.put("status", step.getStatus().toString());
                outcome.put("rows", step.getWriteCount());
                outcome.put("exit", step.getExitStatus().getExitDescription().lines().findFirst().orElse(""));
                context.emit(outcome);
            }
        }
    }

    private List<StepExecution> partitionsOf(long executionId) {
        JobExecution execution = jobRepository.getJobExecution(executionId);
        return execution == null ? List.of() : execution.getStepExecutions().stream()
                .filter(s -> s.getStepName().startsWith("sales-partition")).toList();
    }

    /** Asks Spring Batch to stop the running job (the handler then cancels its partitions) and waits for it. */
    private void stop(JobParameters parameters, CompletableFuture<JobExecution> running) {
        JobExecution current = jobRepository.getLastJobExecution("batch-sales", parameters);
        try {
            if (current != null && current.isRunning()) {
                jobOperator.stop(current);
            }
            running.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            running.cancel(true);
        }
    }

    private JobResult result(List<JobExecution> attempts, boolean ranges) {
        JobExecution last = attempts.get(attempts.size() - 1);
        if (last.getStatus() != BatchStatus.COMPLETED) {
            throw new IllegalStateException("the Spring Batch job ended " + last.getStatus() + ": "
                    + last.getExitStatus().getExitDescription().lines().findFirst().orElse(""));
        }
        Map<String, StepExecution> latest = new TreeMap<>();
        for (JobExecution attempt : attempts) {
            partitionsOf(attempt.getId()).forEach(step -> latest.put(step.getStepName(), step));
        }
        Map<String, RegionTotals> regions = new TreeMap<>();
        for (StepExecution partition : latest.values()) {
            BatchSalesItems.totals(partition.getExecutionContext()).forEach((region, totals) ->
                    regions.merge(region, totals, RegionTotals::plus));
        }
        long rows = regions.values().stream().mapToLong(RegionTotals::orders).sum();
        long revenueCents = regions.values().stream().mapToLong(RegionTotals::revenueCents).sum();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("split", ranges ? "byte ranges of one file" : "one partition per file");
        details.put("partitions", latest.size());
        details.put("attempts", attempts.size());
        details.put("rerun", attempts.size() < 2 ? List.of()
                : partitionsOf(last.getId()).stream().map(StepExecution::getStepName).sorted().toList());
        details.put("rows", rows);
        details.put("regions", regions);
        return new JobResult(BigDecimal.valueOf(revenueCents, 2), details);
    }

    private Path createDirectory() {
        try {
            Files.createDirectories(workDir);
            return Files.createTempDirectory(workDir, "batch-sales-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data set directory in " + workDir, e);
        }
    }

    /** @return the data set's files: one per partition, or one large file of all the rows */
    private static List<Path> writeDataSet(ProcessPool pool, Path dir, int fileCount, long rows, boolean oneFile,
                                           JobContext context) {
        List<CsvFile> files = new ArrayList<>();
        if (oneFile) {
            files.add(new CsvFile(dir.resolve("sales.csv").toString(), rows * fileCount, 1));
        } else {
            for (int i = 0; i < fileCount; i++) {
                files.add(new CsvFile(dir.resolve(String.format("part-%04d.csv", i)).toString(), rows, i + 1));
            }
        }
        AsyncResult<List<Long>> written = pool.mapAsync(CsvTasks.WRITE, files, CallOptions.labelled("batch-sales"));
        context.phase("writing CSV files", files.size(), written::progress);
        try {
            written.get();
        } catch (MpInterruptedException e) {
            written.cancel(true);
            throw e;
        }
        return files.stream().map(file -> Path.of(file.path())).toList();
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            // a worker may still be writing after an interruption: the next run's directory is its own
            LOG.warn("could not delete {}", dir, e);
        }
    }
}
