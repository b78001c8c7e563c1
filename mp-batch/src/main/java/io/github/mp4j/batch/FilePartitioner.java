package io.github.mp4j.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Partitions a set of files: one partition per file ({@link #perFile}), or the files shared out
 * into {@code gridSize} groups of about equal total size ({@link #grouped}), so that each worker
 * gets about the same number of bytes to read.
 *
 * <p>Each partition's execution context holds {@value #FILES_KEY}: the absolute paths of its
 * files, as a {@code List<String>} in the order given (a single file per-file); read them in the
 * worker with {@link #files(ExecutionContext)}. Partitions are named {@code file0},
 * {@code file1}... (per file, in the order given) or {@code group0}...
 */
public final class FilePartitioner implements Partitioner {

    /** The context key of a partition's files: a {@code List<String>} of absolute paths. */
    public static final String FILES_KEY = "mp4j.files";

    private final List<Path> files;
    private final boolean grouped;

    private FilePartitioner(List<Path> files, boolean grouped) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("files must not be empty: a partitioned step needs at least one partition");
        }
        this.files = files.stream().map(Path::toAbsolutePath).toList();
        this.grouped = grouped;
    }

    /**
     * @param files the files, at least one
     * @return a partitioner with one partition per file, whatever the grid size
     */
    public static FilePartitioner perFile(List<Path> files) {
        return new FilePartitioner(List.copyOf(files), false);
    }

    /**
     * @param files the files, at least one
     * @return a partitioner sharing the files out into at most {@code gridSize} groups of about
     *     equal total size (largest file first, each to the lightest group)
     */
    public static FilePartitioner grouped(List<Path> files) {
        return new FilePartitioner(List.copyOf(files), true);
    }

    /**
     * @param partition a partition's execution context, in the worker
     * @return its files
     */
    @SuppressWarnings("unchecked")
    public static List<Path> files(ExecutionContext partition) {
        List<String> names = (List<String>) partition.get(FILES_KEY);
        if (names == null) {
            throw new IllegalArgumentException("the partition's context has no " + FILES_KEY
                    + ": was the step partitioned with a FilePartitioner?");
        }
        return names.stream().map(Path::of).toList();
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
        if (!grouped) {
            for (int i = 0; i < files.size(); i++) {
                partitions.put("file" + i, context(List.of(files.get(i))));
            }
            return partitions;
        }
        List<List<Path>> groups = groups(Math.max(1, Math.min(gridSize, files.size())));
        for (int i = 0; i < groups.size(); i++) {
            partitions.put("group" + i, context(groups.get(i)));
        }
        return partitions;
    }

    private List<List<Path>> groups(int count) {
        List<List<Path>> groups = new ArrayList<>();
        long[] sizes = new long[count];
        for (int i = 0; i < count; i++) {
            groups.add(new ArrayList<>());
        }
        List<Path> largestFirst = new ArrayList<>(files);
        Map<Path, Long> size = new LinkedHashMap<>();
        files.forEach(file -> size.put(file, sizeOf(file)));
        largestFirst.sort(Comparator.comparing(size::get).reversed());
        for (Path file : largestFirst) {
            int lightest = 0;
            for (int i = 1; i < count; i++) {
                lightest = sizes[i] < sizes[lightest] ? i : lightest;
            }
            groups.get(lightest).add(file);
            sizes[lightest] += size.get(file);
        }
        groups.forEach(group -> group.sort(Comparator.comparingInt(files::indexOf)));
        return groups;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot partition " + file + ": its size cannot be read", e);
        }
    }

    private static ExecutionContext context(List<Path> group) {
        ExecutionContext context = new ExecutionContext();
        context.put(FILES_KEY, new ArrayList<>(group.stream().map(Path::toString).toList()));
        return context;
    }
}
