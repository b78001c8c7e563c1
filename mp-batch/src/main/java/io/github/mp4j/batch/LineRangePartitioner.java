package io.github.mp4j.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits one large line-oriented file into {@code gridSize} byte ranges, each starting at the
 * start of a line, one partition per range; a {@link LineRangeReader} reads a range's lines in
 * the worker. Every line belongs to exactly one range: the one its first byte falls in.
 *
 * <pre>
 *  bytes:  0                 size/3                2*size/3               size
 *          |line|line|line-straddling|line|line|li|ne|line|line|...       |
 *          [range0 .............................)[range1 .....)[range2 ...)
 *                                    ^ moved forward to the next line start
 * </pre>
 *
 * <p>Each nominal boundary {@code size * i / gridSize} moves forward to just after the next
 * {@code '\n'} at or after the byte before it (or to the end of the file), so a line that
 * straddles a boundary stays whole in the range where it starts. The newline byte never occurs
 * inside a multi-byte UTF-8 (or any ASCII-compatible) character, so a boundary never splits a
 * character. Lines longer than a range make fewer, longer ranges: empty ranges are dropped.
 *
 * <p>Each partition's execution context holds {@value FilePartitioner#FILES_KEY} (the file),
 * {@value #START_KEY} and {@value #END_KEY} (the range's bytes, end exclusive). Partitions are
 * named {@code range0}, {@code range1}...
 */
public final class LineRangePartitioner implements Partitioner {

    /** The context key of the first byte of a partition's range (a {@code long}). */
    public static final String START_KEY = "mp4j.range.start";
    /** The context key of the end of a partition's range, exclusive (a {@code long}). */
    public static final String END_KEY = "mp4j.range.end";

    private final Path file;

    /**
     * @param file the file to split
     */
    public LineRangePartitioner(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        int ranges = Math.max(1, gridSize);
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long start = 0;
            for (int i = 1; i <= ranges; i++) {
                long end = i == ranges ? size : lineStartAtOrAfter(channel, size * i / ranges, size);
                if (end > start || (i == ranges && partitions.isEmpty())) {
                    partitions.put("range" + partitions.size(), context(start, end));
                    start = end;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot split " + file + " into line ranges: " + e.getMessage(), e);
        }
        return partitions;
    }

    /** The first line start at or after {@code position}: the byte after the first newline at or after position - 1. */
    static long lineStartAtOrAfter(FileChannel channel, long position, long size) throws IOException {
        if (position <= 0) {
            return 0;
        }
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        long at = position - 1;
        while (at < size) {
            buffer.clear();
            int read = channel.read(buffer, at);
            if (read <= 0) {
                break;
            }
            for (int i = 0; i < read; i++) {
                if (buffer.get(i) == '\n') {
                    return at + i + 1;
                }
            }
            at += read;
        }
        return size;
    }

    private ExecutionContext context(long start, long end) {
        ExecutionContext context = new ExecutionContext();
        context.put(FilePartitioner.FILES_KEY, new ArrayList<>(List.of(file.toString())));
        context.putLong(START_KEY, start);
        context.putLong(END_KEY, end);
        return context;
    }
}
