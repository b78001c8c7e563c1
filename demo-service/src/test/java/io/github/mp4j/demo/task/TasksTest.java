package io.github.mp4j.demo.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the workers run, run here. */
class TasksTest {

    @Test
    void rangesCoverTheNumbersWithoutGapsOrOverlap() {
        List<Range> ranges = Range.split(1_000, 7);
        assertThat(ranges).hasSize(7);
        assertThat(ranges.get(0).from()).isZero();
        assertThat(ranges.get(6).to()).isEqualTo(1_000);
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i).from()).isEqualTo(ranges.get(i - 1).to());
        }
    }

    @Test
    void countsPrimes() {
        assertThat(PrimeTasks.countPrimes(new Range(0, 100)).primes()).isEqualTo(25);
        long below = Range.split(200_000, 9).stream().mapToLong(r -> PrimeTasks.countPrimes(r).primes()).sum();
        assertThat(below).isEqualTo(17_984);
    }

    @Test
    void aSeededBatchAlwaysGivesTheSameCount() {
        long inside = PiTasks.countInside(new Samples(42, 100_000));
        assertThat(PiTasks.countInside(new Samples(42, 100_000))).isEqualTo(inside);
        assertThat(4.0 * inside / 100_000).isBetween(3.1, 3.2);
    }

    @Test
    void aWrittenFileAggregatesToItsRows(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("part.csv");
        long bytes = CsvTasks.write(new CsvFile(file.toString(), 1_000, 7));
        assertThat(bytes).isEqualTo(Files.size(file));
        assertThat(Files.readAllLines(file)).hasSize(1_001).first().isEqualTo(CsvTasks.HEADER);

        FileAggregate aggregate = CsvTasks.aggregate(file.toString());
        assertThat(aggregate.file()).isEqualTo("part.csv");
        assertThat(aggregate.rows()).isEqualTo(1_000);
        assertThat(aggregate.regions().keySet()).isSubsetOf(CsvTasks.REGIONS);
        assertThat(aggregate.regions().values().stream().mapToLong(RegionTotals::orders).sum()).isEqualTo(1_000);
        assertThat(CsvTasks.aggregate(file.toString())).isEqualTo(aggregate);
    }

    @Test
    void pricesAreCountedInCents(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("prices.csv");
        Files.writeString(file, CsvTasks.HEADER + "\n1,north,widget,2,12.50\n2,north,gadget,1,0.05\n3,south,gizmo,3,7\n");
        TreeMap<String, RegionTotals> regions = CsvTasks.aggregate(file.toString()).regions();
        assertThat(regions).containsExactly(Map.entry("north", new RegionTotals(2, 3, 2_505)),
                Map.entry("south", new RegionTotals(1, 3, 2_100)));
    }

    @Test
    void aMalformedFileIsReportedWithItsLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, CsvTasks.HEADER + "\n1,north,widget,2\n");
        assertThatThrownBy(() -> CsvTasks.aggregate(file.toString()))
                .hasMessage(file + " line 2 has 4 fields, expected 5: 1,north,widget,2");
    }
}
