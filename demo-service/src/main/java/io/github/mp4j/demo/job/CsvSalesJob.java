package io.github.mp4j.demo.job;

import io.github.mp4j.demo.DemoProperties;
import io.github.mp4j.demo.task.CsvFile;
import io.github.mp4j.demo.task.CsvTasks;
import io.github.mp4j.demo.task.FileAggregate;
import io.github.mp4j.demo.task.RegionTotals;
import io.github.mp4j.pool.AsyncResult;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.ResultIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Data-bound: a synthetic sales data set of CSV files (written by the workers the first time it
 * is asked for, then reused), aggregated per region with one file per task; results come back in
 * completion order ({@code imapUnordered}) and the service merges them.
 */
@Component
public class CsvSalesJob implements JobType {

    private static final String COMPLETE_MARKER = "COMPLETE";

    private final Path workDir;
    private final Map<Path, Object> dataSetLocks = new ConcurrentHashMap<>();

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
        return "Aggregates sales per region over a set of CSV files, one file per task";
    }

    @Override
    public List<JobParam> params() {
        return List.of(
                new JobParam("files", 8, 1, 1_000, "CSV files in the data set"),
                new JobParam("rows", 100_000, 1, 10_000_000, "orders per file"));
    }

    @Override
    public String label(JobParams params) {
        return "csv-sales-" + params.get("files") + "x" + params.get("rows");
    }

    @Override
    public JobResult run(ProcessPool pool, JobParams params, JobContext context) {
        List<String> files = dataSet(pool, (int) params.get("files"), params.get("rows"), context);
        Map<String, RegionTotals> regions = new TreeMap<>();
        long rows = 0;
        long bytes = 0;
        try (ResultIterator<FileAggregate> aggregates = pool.imapUnordered(CsvTasks.AGGREGATE, files.iterator(), 1)) {
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
        details.put("directory", Path.of(files.get(0)).getParent().toString());
        details.put("regions", regions);
        return new JobResult(BigDecimal.valueOf(revenueCents, 2), details);
    }

    /** @return the data set's files, written by the pool unless an earlier job wrote them */
    private List<String> dataSet(ProcessPool pool, int fileCount, long rows, JobContext context) {
        Path dir = workDir.resolve("sales-" + fileCount + "x" + rows);
        List<CsvFile> files = new ArrayList<>(fileCount);
        for (int i = 0; i < fileCount; i++) {
            files.add(new CsvFile(dir.resolve(String.format("part-%04d.csv", i)).toString(), rows, i + 1));
        }
        synchronized (dataSetLocks.computeIfAbsent(dir, d -> new Object())) {
            Path marker = dir.resolve(COMPLETE_MARKER);
            if (!Files.exists(marker)) {
                try {
                    Files.createDirectories(dir);
                    AsyncResult<List<Long>> written = pool.mapAsync(CsvTasks.WRITE, files);
                    context.phase("writing CSV files", fileCount, written::progress);
                    written.get();
                    Files.writeString(marker, "written by the csv-sales job\n");
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the data set in " + dir, e);
                }
            }
        }
        return files.stream().map(CsvFile::path).toList();
    }
}
