package io.github.mp4j.demo.task;

import io.github.mp4j.batch.FilePartitioner;
import io.github.mp4j.batch.ItemStepFactory;
import io.github.mp4j.batch.LineRangePartitioner;
import io.github.mp4j.batch.LineRangeReader;
import java.io.File;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * The batch-sales job's items, built in a worker JVM from a partition's context: the lines of its
 * file or byte range ({@link LineRangeReader}), parsed into sales (the header filtered out),
 * summed per region into the partition's execution context after each chunk ({@value #TOTALS_KEY}),
 * so that a restarted partition resumes with its sums. The partition named {@code failPartition}
 * fails on purpose in its second chunk while the file {@code failMarker} exists, deleting it: it
 * fails once, and its restart completes.
 *
 * @param failPartition the partition that fails once, or empty for none
 * @param failMarker the file whose existence makes it fail
 */
public record BatchSalesItems(String failPartition, String failMarker) implements ItemStepFactory<String, BatchSalesItems.Sale> {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The context key of a partition's name, put there by the job's partitioner. */
    public static final String PARTITION_KEY = "demo.partition";
    /** The context key of a partition's totals: region:orders, region:quantity, region:cents to their sums. */
    public static final String TOTALS_KEY = "demo.totals";
    /** Rows per chunk. */
    public static final int CHUNK = 1000;

    @Override
    public ItemReader<String> reader(ExecutionContext partition) {
        if (partition.containsKey(LineRangePartitioner.START_KEY)) {
            return new LineRangeReader(partition);
        }
        List<Path> files = FilePartitioner.files(partition);
        File file = files.get(0).toFile();
        return new LineRangeReader(file.toPath(), 0, file.length(), StandardCharsets.UTF_8);
    }

    @Override
    public ItemProcessor<String, Sale> processor(ExecutionContext partition) {
        boolean failing = failPartition.equals(partition.getString(PARTITION_KEY, "")) && new File(failMarker).exists();
        long[] rows = {0};
        return line -> {
            if (line.equals(CsvTasks.HEADER)) {
                return null;
            }
            if (failing && ++rows[0] == CHUNK + CHUNK / 2 && new File(failMarker).delete()) {
                throw new IllegalStateException("partition " + failPartition + " fails on purpose (job parameter fail)");
            }
            String[] fields = line.split(",", -1);
            long quantity = Long.parseLong(fields[3]);
            return new Sale(fields[1], quantity, quantity * CsvTasks.cents(fields[4]));
        };
    }

    @Override
    public ItemWriter<Sale> writer(ExecutionContext partition) {
        return new Totals();
    }

    /**
     * @param context a partition's execution context
     * @return its totals per region
     */
    @SuppressWarnings("unchecked")
    public static TreeMap<String, RegionTotals> totals(ExecutionContext context) {
        TreeMap<String, RegionTotals> regions = new TreeMap<>();
        Map<String, Long> sums = (Map<String, Long>) context.get(TOTALS_KEY, Map.class, Map.of());
        for (String region : CsvTasks.REGIONS) {
            long orders = sums.getOrDefault(region + ":orders", 0L);
            if (orders > 0) {
                regions.put(region, new RegionTotals(orders, sums.getOrDefault(region + ":quantity", 0L),
                        sums.getOrDefault(region + ":cents", 0L)));
            }
        }
        return regions;
    }

    /**
     * One order line.
     *
     * @param region its region
     * @param quantity items sold
     * @param cents revenue in cents
     */
    public record Sale(String region, long quantity, long cents) {
    }

    /** Sums per region, kept in the partition's context. */
    private static final class Totals implements ItemStreamWriter<Sale> {
        private HashMap<String, Long> sums = new HashMap<>();

        @Override
        @SuppressWarnings("unchecked")
        public void open(ExecutionContext context) {
            sums = new HashMap<>((Map<String, Long>) context.get(TOTALS_KEY, Map.class, Map.of()));
        }

        @Override
        public void update(ExecutionContext context) {
            context.put(TOTALS_KEY, new HashMap<>(sums));
        }

        @Override
        public void write(Chunk<? extends Sale> sales) {
            for (Sale sale : sales) {
                sums.merge(sale.region() + ":orders", 1L, Long::sum);
                sums.merge(sale.region() + ":quantity", sale.quantity(), Long::sum);
                sums.merge(sale.region() + ":cents", sale.cents(), Long::sum);
            }
        }
    }
}
