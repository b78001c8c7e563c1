package io.github.mp4j.demo.task;

import io.github.mp4j.function.SerializableFunction;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A synthetic sales data set in CSV files: workers write the files, and later read one file each
 * and return its totals per region, which the service merges.
 *
 * <pre>
 * order_id,region,product,quantity,unit_price
 * 1,north,widget,3,12.50
 * </pre>
 */
public final class CsvTasks {

    /** The first line of every file. */
    public static final String HEADER = "order_id,region,product,quantity,unit_price";
    /** The regions orders come from. */
    public static final List<String> REGIONS = List.of("central", "east", "north", "south", "west");

    /** Writes one file, in a worker; returns its size in bytes. */
    public static final SerializableFunction<CsvFile, Long> WRITE = CsvTasks::write;
    /** Reads one file, in a worker, and returns its totals. */
    public static final SerializableFunction<String, FileAggregate> AGGREGATE = CsvTasks::aggregate;

    private static final List<String> PRODUCTS = List.of("widget", "gadget", "gizmo", "sprocket", "doohickey");
    private static final int MAX_QUANTITY = 9;
    private static final int MAX_PRICE_CENTS = 10_000;

    private CsvTasks() {
    }

    /**
     * @param file what to write
     * @return the written file's size in bytes
     */
    public static Long write(CsvFile file) {
        Path path = Path.of(file.path());
        SplittableRandom random = new SplittableRandom(file.seed());
        try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.newLine();
            StringBuilder line = new StringBuilder(64);
            for (long id = 1; id <= file.rows(); id++) {
                int cents = 1 + random.nextInt(MAX_PRICE_CENTS);
                line.setLength(0);
                line.append(id).append(',')
                        .append(REGIONS.get(random.nextInt(REGIONS.size()))).append(',')
                        .append(PRODUCTS.get(random.nextInt(PRODUCTS.size()))).append(',')
                        .append(1 + random.nextInt(MAX_QUANTITY)).append(',')
                        .append(cents / 100).append('.').append(cents % 100 < 10 ? "0" : "").append(cents % 100);
                out.append(line);
                out.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
        return path.toFile().length();
    }

    /**
     * @param file the path of a file in the format above
     * @return its totals per region
     */
    public static FileAggregate aggregate(String file) {
        Path path = Path.of(file);
        TreeMap<String, RegionTotals> regions = new TreeMap<>();
        long rows = 0;
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (!HEADER.equals(header)) {
                throw new IllegalArgumentException(path + " does not start with the header " + HEADER + ": " + header);
            }
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] fields = line.split(",", -1);
                if (fields.length != 5) {
                    throw new IllegalArgumentException(path + " line " + (rows + 2) + " has " + fields.length
                            + " fields, expected 5: " + line);
                }
                long quantity = Long.parseLong(fields[3]);
                RegionTotals sale = new RegionTotals(1, quantity, quantity * cents(fields[4]));
                regions.merge(fields[1], sale, RegionTotals::plus);
                rows++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        return new FileAggregate(path.getFileName().toString(), rows, path.toFile().length(), regions);
    }

    /**
     * @param price a unit price such as {@code 12.5} or {@code 3.07}
     * @return it in cents
     */
    public static long cents(String price) {
        int dot = price.indexOf('.');
        if (dot < 0) {
            return Long.parseLong(price) * 100;
        }
        String fraction = (price.substring(dot + 1) + "00").substring(0, 2);
        return Long.parseLong(price.substring(0, dot)) * 100 + Long.parseLong(fraction);
    }
}
