package io.github.mp4j.bench.batch;

import io.github.mp4j.batch.ChunkWorkerStep;
import io.github.mp4j.batch.ItemStepFactory;
import io.github.mp4j.batch.LineRangePartitioner;
import io.github.mp4j.batch.LineRangeReader;
import io.github.mp4j.batch.PartitionReport;
import io.github.mp4j.batch.ProcessPoolPartitionHandler;
import io.github.mp4j.batch.WorkerPartition;
import io.github.mp4j.batch.WorkerStep;
import io.github.mp4j.pool.ProcessPool;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * The CSV sales job of the batch workloads: one file of {@code region,cents} lines cut into byte
 * ranges aligned to line starts, each range summed per region by the same chunk loop
 * ({@link ChunkWorkerStep}), once with mp4j's {@link ProcessPoolPartitionHandler} (each range in
 * a worker JVM) and once with Spring Batch's {@link TaskExecutorPartitionHandler} on as many
 * threads of this JVM. Both check their totals against those written.
 */
public final class SalesCsvJob {

    private static final String[] REGIONS = {"north", "south", "east", "west", "centre", "süd", "東京"};
    private static final int CHUNK = 2000;
    /** Spring Batch logs each job and step at INFO: kept (a strong reference) at WARNING so the suite's lines stay readable. */
    private static final Logger SPRING_BATCH_LOG = quiet("org.springframework.batch");

    private final ProcessPool pool;
    private final Path file;
    private final Map<String, Long> expected;
    private final int rows;
    private final int gridSize;
    private final JobRepository repository = new ResourcelessJobRepository();
    private final TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
    private final AtomicLong run = new AtomicLong();

    /**
     * Writes the file.
     *
     * @param pool the pool of the mp4j runs; the thread runs use as many threads as it has workers
     * @param file where to write the CSV file
     * @param rows how many lines
     * @param gridSize the byte ranges
     * @throws Exception if the file cannot be written or the job operator not made
     */
    public SalesCsvJob(ProcessPool pool, Path file, int rows, int gridSize) throws Exception {
        this.pool = pool;
        this.file = file;
        this.rows = rows;
        this.gridSize = gridSize;
        this.expected = write(file, rows);
        operator.setJobRepository(repository);
        operator.setJobRegistry(new MapJobRegistry());
        operator.afterPropertiesSet();
    }

    /**
     * @return the seconds of one run with each range in a worker JVM
     * @throws Exception if the run failed or its totals are wrong
     */
    public double workerJvmSeconds() throws Exception {
        ProcessPoolPartitionHandler handler = new ProcessPoolPartitionHandler(pool, repository,
                ChunkWorkerStep.of(CHUNK, new SalesItems()));
        handler.setGridSize(gridSize);
        return timed(handler);
    }

    /**
     * @return the seconds of one run with each range on a thread of this JVM
     * @throws Exception if the run failed or its totals are wrong
     */
    public double threadSeconds() throws Exception {
        SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("batch-bench-");
        threads.setConcurrencyLimit(pool.config().processes());
        TaskExecutorPartitionHandler handler = new TaskExecutorPartitionHandler();
        handler.setTaskExecutor(threads);
        handler.setGridSize(gridSize);
        WorkerStep local = ChunkWorkerStep.of(CHUNK, new SalesItems());
        handler.setStep(new StepBuilder("sales-range", repository)
                .tasklet((contribution, context) -> runLocally(local, contribution), new ResourcelessTransactionManager())
                .build());
        handler.afterPropertiesSet();
        return timed(handler);
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.WARNING);
        return logger;
    }

    /** @return the lines of the file */
    public int rows() {
        return rows;
    }

    private static RepeatStatus runLocally(WorkerStep step, StepContribution contribution) throws Exception {
        StepExecution execution = contribution.getStepExecution();
        PartitionReport report = step.execute(new WorkerPartition("sales", execution.getStepName(),
                execution.getExecutionContext().toMap(), Map.of()));
        if (report.failure() != null) {
            throw new IllegalStateException("a range failed on its thread: " + report.failure());
        }
        contribution.incrementWriteCount(report.counts().written());
        report.executionContext().entrySet().forEach(e -> execution.getExecutionContext().put(e.getKey(), e.getValue()));
        return RepeatStatus.FINISHED;
    }

    private double timed(PartitionHandler handler) throws Exception {
        Job job = new JobBuilder("sales", repository)
                .start(new StepBuilder("sales", repository)
                        .partitioner("sales-range", new LineRangePartitioner(file))
                        .partitionHandler(handler)
                        .build())
                .build();
        long t0 = System.nanoTime();
        JobExecution execution = operator.start(job, new JobParametersBuilder().addLong("run", run.incrementAndGet())
                .toJobParameters());
        double seconds = (System.nanoTime() - t0) / 1e9;
        check(execution);
        return seconds;
    }

    @SuppressWarnings("unchecked")
    private void check(JobExecution execution) {
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            throw new IllegalStateException("the sales job ended " + execution.getStatus() + ": "
                    + execution.getAllFailureExceptions());
        }
        Map<String, Long> totals = new HashMap<>();
        for (StepExecution partition : execution.getStepExecutions()) {
            Object partial = partition.getExecutionContext().get("totals");
            if (partial != null) {
                ((Map<String, Long>) partial).forEach((region, cents) -> totals.merge(region, cents, Long::sum));
            }
        }
        if (!totals.equals(expected)) {
            throw new IllegalStateException("the sales job's totals " + totals + " are not those written " + expected);
        }
    }

    private static Map<String, Long> write(Path file, int rows) throws IOException {
        Random random = new Random(15);
        Map<String, Long> totals = new HashMap<>();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < rows; i++) {
                String region = REGIONS[random.nextInt(REGIONS.length)];
                long cents = random.nextInt(1_000_000);
                totals.merge(region, cents, Long::sum);
                out.write(region);
                out.write(',');
                out.write(Long.toString(cents));
                out.write('\n');
            }
        }
        return totals;
    }

    /** The items of one range: its lines, parsed, summed per region into the range's context. */
    static final class SalesItems implements ItemStepFactory<String, Sale> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public ItemReader<String> reader(ExecutionContext partition) {
            return new LineRangeReader(partition);
        }

        @Override
        public ItemProcessor<String, Sale> processor(ExecutionContext partition) {
            return Sale::parse;
        }

        @Override
        public ItemWriter<Sale> writer(ExecutionContext partition) {
            return new RegionTotals();
        }
    }

    /** One line. */
    record Sale(String region, long cents) {
        static Sale parse(String line) {
            int comma = line.indexOf(',');
            return new Sale(line.substring(0, comma), Long.parseLong(line, comma + 1, line.length(), 10));
        }
    }

    /** Sums per region; the sums are the range's "totals" in its context. */
    static final class RegionTotals implements ItemStreamWriter<Sale> {
        private HashMap<String, Long> totals = new HashMap<>();

        @Override
        @SuppressWarnings("unchecked")
        public void open(ExecutionContext context) {
            totals = new HashMap<>((Map<String, Long>) context.get("totals", Map.class, Map.of()));
        }

        @Override
        public void update(ExecutionContext context) {
            context.put("totals", new HashMap<>(totals));
        }

        @Override
        public void write(Chunk<? extends Sale> sales) {
            for (Sale sale : sales) {
                totals.merge(sale.region(), sale.cents(), Long::sum);
            }
        }
    }
}
