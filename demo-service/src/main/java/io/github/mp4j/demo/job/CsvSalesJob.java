package io.github.mp4j.demo.job;

import io.github.mp4j.demo.DemoProperties;
import io.github.mp4j.demo.task.CsvFile;
import io.github.mp4j.demo.task.CsvTasks;
import io.github.mp4j.demo.task.FileAggregate;
import io.github.mp4j.demo.task.RegionTotals;
import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.pool.AsyncResult;
import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.ResultIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Data-bound: a synthetic sales data set of CSV files, written by the workers for this run into a
 * directory of its own under {@code demo.work-dir}, then aggregated per region with one file per
 * task; results come back in completion order ({@code imapUnordered}) and the service merges them.
 * The data set is deleted when the job ends, whether it succeeded, failed or was interrupted.
 */
@Component
public class CsvSalesJob implements JobType {

    /** The most orders ({@code files × rows}) one data set may hold: about 600 MB of CSV. */
    public static final long MAX_ORDERS = 20_000_000;

    private static final Logger LOG = LoggerFactory.getLogger(CsvSalesJob.class);
    /** A task still writing may add a file while the directory is being deleted: list it again. */
    private static final int DELETE_ATTEMPTS = 10;

    private final Path workDir;

    /** @param properties where the data sets go */
    public CsvSalesJob(DemoProperties properties) {
        this.workDir = properties.workDir();
    }

    @Override
    public String name() {
        return "csv-sales";
    }

    @Override
    public String description() {
        return "Aggregates sales per region over a set of CSV files, one file per task (files × rows at most "
                + MAX_ORDERS + " orders)";
    }

    @Override
    public List<JobParam> params() {
        return List.of(
                new JobParam("files", 8, 1, 1_000, "CSV files in the data set"),
                new JobParam("rows", 100_000, 1, 1_000_000, "orders per file"));
    }

    @Override
    public void checkLimits(JobParams params) {
        long files = params.get("files");
        long rows = params.get("rows");
        long maxRows = MAX_ORDERS / files;
        if (rows > maxRows) {
            throw new IllegalArgumentException("rows must be between 1 and " + maxRows + " for " + files
                    + " files (a data set holds at most " + MAX_ORDERS + " orders), was " + rows);
        }
    }

    @Override
    public String label(JobParams params) {
        return "csv-sales-" + params.get("files") + "x" + params.get("rows");
    }

    @Override
    public JobResult run(ProcessPool pool, JobParams params, JobContext context) {
        Path dir = createDataSetDirectory(params);
        try {
            List<String> files = writeDataSet(pool, dir, (int) params.get("files"), params.get("rows"), context);
            return aggregate(pool, files, context);
        } finally {
            delete(dir);
        }
    }

    private Path createDataSetDirectory(JobParams params) {
        try {
            Files.createDirectories(workDir);
            return Files.createTempDirectory(workDir, "sales-" + params.get("files") + "x" + params.get("rows") + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data set directory in " + workDir, e);
        }
    }

    /** @return the data set's files, written by the pool */
    private static List<String> writeDataSet(ProcessPool pool, Path dir, int fileCount, long rows, JobContext context) {
        List<CsvFile> files = new ArrayList<>(fileCount);
        for (int i = 0; i < fileCount; i++) {
            files.add(new CsvFile(dir.resolve(String.format("part-%04d.csv", i)).toString(), rows, i + 1));
        }
        AsyncResult<List<Long>> written = pool.mapAsync(CsvTasks.WRITE, files, CallOptions.labelled("csv-sales"));
        context.phase("writing CSV files", fileCount, written::progress);
        try {
            written.get();
        } catch (MpInterruptedException e) {
            written.cancel(true);
            throw e;
        }
        return files.stream().map(CsvFile::path).toList();
    }

    private static JobResult aggregate(ProcessPool pool, List<String> files, JobContext context) {
        Map<String, RegionTotals> regions = new TreeMap<>();
        long rows = 0;
        long bytes = 0;
        try (ResultIterator<FileAggregate> aggregates = pool.imapUnordered(CsvTasks.AGGREGATE, files.iterator(),
                CallOptions.labelled("csv-sales").withChunkSize(1))) {
            context.phase("aggregating files", files.size(), aggregates::progress);
            while (aggregates.hasNext()) {
                FileAggregate aggregate = aggregates.next();
                aggregate.addTo(regions);
                rows += aggregate.rows();
                bytes += aggregate.bytes();
                context.emit(aggregate);
            }
        }
        long revenueCents = regions.values().stream().mapToLong(RegionTotals::revenueCents).sum();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("files", files.size());
        details.put("rows", rows);
        details.put("bytes", bytes);
        details.put("regions", regions);
        return new JobResult(BigDecimal.valueOf(revenueCents, 2), details);
    }

    /**
     * Deletes the data set. A failed or interrupted job may leave write tasks running in the
     * workers: once the directory is gone they fail to create their files, but one may add a file
     * between the listing and the directory's removal, so the listing is repeated. A data set that
     * cannot be deleted is reported, without failing a job that has its result.
     */
    private static void delete(Path dir) {
        IOException last = null;
        for (int attempt = 0; attempt < DELETE_ATTEMPTS && Files.exists(dir); attempt++) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                last = e;
            } catch (UncheckedIOException e) {
                last = e.getCause();
            }
        }
        if (Files.exists(dir)) {
            LOG.warn("could not delete the data set in {}; delete it by hand", dir, last);
        }
    }
}
