package io.github.mp4j.runtime;

import io.github.mp4j.resource.MappedSegment;
import io.github.mp4j.resource.RuntimeDirectory;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shared-memory segments that handles (locks, values, arrays) name and attach by name, with one
 * mapping per segment per process.
 *
 * <p>Lifetime: the creating process's file stays while any of its handles on the segment is
 * reachable; it is removed when the last one becomes unreachable, at the latest when the
 * process exits, and by {@link RuntimeDirectory}'s sweep (the file is named after the creator's
 * pid) once the creator is gone however it ended. A process that attached keeps its mapping as
 * long as it holds a handle, after the file is removed too. Mappings are never unmapped
 * explicitly (a view handed out could still be in use): the garbage collector unmaps them.
 */
public final class SharedSegments {

    private static final Map<String, WeakReference<MappedSegment>> ATTACHED = new ConcurrentHashMap<>();
    private static final Set<Path> CREATED = ConcurrentHashMap.newKeySet();

    static {
        ExitSequence.add(ExitSequence.Step.CONNECTIONS, SharedSegments::removeCreated);
    }

    private SharedSegments() {
    }

    /**
     * Creates a segment; its file is removed once the returned object is unreachable, or at exit.
     *
     * @param suffix the file's extension, naming what the segment holds
     * @param size its size in bytes
     * @return the zero-filled segment
     * @throws IOException if it cannot be created (a full {@code /dev/shm})
     */
    public static MappedSegment create(String suffix, int size) throws IOException {
        MappedSegment segment = MappedSegment.create(suffix, size);
        Path file = RuntimeDirectory.sharedMemory().resolve(segment.name());
        CREATED.add(file);
        HandleCleaner.whenUnreachable(segment, () -> remove(file));
        ATTACHED.put(segment.name(), new WeakReference<>(segment));
        return segment;
    }

    /**
     * The mapping of a segment in this process, mapped on first use.
     *
     * @param name the segment's name
     * @param suffix the extension it must have
     * @param size the size it must have
     * @return the segment
     * @throws IOException if there is no such file (its creator released it or is gone) or it has another size
     */
    public static MappedSegment attach(String name, String suffix, int size) throws IOException {
        WeakReference<MappedSegment> known = ATTACHED.get(name);
        MappedSegment segment = known == null ? null : known.get();
        if (segment != null) {
            if (segment.size() != size) {
                throw new IOException("segment " + name + " has " + segment.size() + " bytes, not " + size);
            }
            return segment;
        }
        synchronized (ATTACHED) {
            known = ATTACHED.get(name);
            segment = known == null ? null : known.get();
            if (segment == null) {
                segment = MappedSegment.open(name, suffix, size);
                ATTACHED.put(name, new WeakReference<>(segment));
                HandleCleaner.whenUnreachable(segment, () -> ATTACHED.remove(name));
            }
            return segment;
        }
    }

    private static void remove(Path file) {
        CREATED.remove(file);
        ATTACHED.remove(file.getFileName().toString());
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left for RuntimeDirectory's sweep once this process is gone
        }
    }

    private static void removeCreated() {
        for (Path file : CREATED) {
            remove(file);
        }
    }
}
