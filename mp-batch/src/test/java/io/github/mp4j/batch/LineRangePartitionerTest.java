package io.github.mp4j.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Byte ranges aligned to line starts: over files of multi-byte UTF-8 with lines straddling every
 * boundary (longer than a range, empty, CRLF, no final newline), the ranges' lines, read in
 * order, are exactly the file's lines for every grid size; a reader restarted from its saved
 * position neither loses nor repeats a line; files are shared out whole.
 */
class LineRangePartitionerTest {

    private static final String[] WORDS = {"a", "é", "日本語", "😀", "z", "ß€", "\u00a0", ",", "abc"};

    @TempDir
    Path dir;

    @Test
    void everyLineIsInExactlyOneRangeForEveryGridSize() throws Exception {
        for (long seed = 1; seed <= 6; seed++) {
            Path file = randomFile(seed, seed % 2 == 0);
            List<String> expected = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int grid = 1; grid <= 40; grid += (grid < 12 ? 1 : 7)) {
                assertThat(readAllRanges(file, grid)).as("seed %d, grid %d", seed, grid).isEqualTo(expected);
            }
        }
    }

    @Test
    void rangesStartAtLineStartsAndCoverTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("short.txt"), "é\n" + "x".repeat(500) + "\n日\n", StandardCharsets.UTF_8);
        List<ExecutionContext> ranges = ranges(file, 8);
        byte[] bytes = Files.readAllBytes(file);
        long previousEnd = 0;
        for (ExecutionContext range : ranges) {
            long start = range.getLong(LineRangePartitioner.START_KEY);
            assertThat(start).isEqualTo(previousEnd);
            assertThat(start == 0 || bytes[(int) start - 1] == '\n').isTrue();
            assertThat(range.getLong(LineRangePartitioner.END_KEY)).isGreaterThan(start);
            previousEnd = range.getLong(LineRangePartitioner.END_KEY);
        }
        assertThat(previousEnd).isEqualTo(bytes.length);
        assertThat(ranges).as("the long line takes several nominal ranges; empty ones are dropped").hasSizeLessThan(8);
    }

    @Test
    void aReaderRestartedFromItsSavedPositionResumesAtTheNextLine() throws Exception {
        Path file = randomFile(42, true);
        ExecutionContext range = ranges(file, 3).get(1);
        List<String> all = read(range);
        LineRangeReader first = new LineRangeReader(range);
        first.open(range);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < all.size() / 2; i++) {
            lines.add(first.read());
        }
        first.update(range);
        first.close();

        lines.addAll(read(range));

        assertThat(lines).isEqualTo(all);
    }

    @Test
    void filesAreSharedOutWholePerFileOrInGroupsOfAboutEqualSize() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            files.add(Files.writeString(dir.resolve("f" + i), "x".repeat(100 * (i + 1))));
        }

        Map<String, ExecutionContext> perFile = FilePartitioner.perFile(files).partition(3);
        Map<String, ExecutionContext> grouped = FilePartitioner.grouped(files).partition(3);

        assertThat(perFile).hasSize(7);
        assertThat(FilePartitioner.files(perFile.get("file4"))).containsExactly(files.get(4).toAbsolutePath());
        assertThat(grouped).hasSize(3);
        List<Path> all = grouped.values().stream().flatMap(c -> FilePartitioner.files(c).stream()).sorted().toList();
        assertThat(all).isEqualTo(files.stream().map(Path::toAbsolutePath).sorted().toList());
        assertThat(grouped.values()).allSatisfy(c -> assertThat(FilePartitioner.files(c).stream()
                .mapToLong(f -> f.toFile().length()).sum()).isBetween(800L, 1000L));
    }

    // ------------------------------------------------------------------ helpers

    private Path randomFile(long seed, boolean finalNewline) throws Exception {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        int lines = 200 + random.nextInt(200);
        for (int i = 0; i < lines; i++) {
            int words = random.nextInt(10) == 0 ? 300 + random.nextInt(1000) : random.nextInt(12);
            for (int w = 0; w < words; w++) {
                text.append(WORDS[random.nextInt(WORDS.length)]);
            }
            text.append(i < lines - 1 || finalNewline ? (random.nextInt(8) == 0 ? "\r\n" : "\n") : "");
        }
        return Files.writeString(dir.resolve("lines-" + seed + ".txt"), text, StandardCharsets.UTF_8);
    }

    private static List<ExecutionContext> ranges(Path file, int grid) {
        return new LineRangePartitioner(file).partition(grid).values().stream()
                .sorted(Comparator.comparingLong(c -> c.getLong(LineRangePartitioner.START_KEY))).toList();
    }

    private static List<String> readAllRanges(Path file, int grid) throws Exception {
        List<String> lines = new ArrayList<>();
        for (ExecutionContext range : ranges(file, grid)) {
            lines.addAll(read(range));
        }
        return lines;
    }

    private static List<String> read(ExecutionContext range) throws Exception {
        LineRangeReader reader = new LineRangeReader(range);
        reader.open(range);
        try {
            List<String> lines = new ArrayList<>();
            for (String line = reader.read(); line != null; line = reader.read()) {
                lines.add(line);
            }
            return lines;
        } finally {
            reader.close();
        }
    }
}
