package io.github.mp4j.shared.internal;

import io.github.mp4j.resource.RandomBits;
import io.github.mp4j.resource.RuntimeDirectory;
import io.github.mp4j.shared.NoSuchSharedMemoryException;
import io.github.mp4j.shared.SharedMemoryException;
import io.github.mp4j.shared.SharedMemoryExistsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Where segment files live and how they are made and opened.
 *
 * <p>A segment named {@code N} is the file {@code shm-N} in the
 * {@linkplain RuntimeDirectory#sharedMemory() shared-memory directory} ({@code rwx------}, one per
 * user, so names are private to the user). The prefix keeps user names apart from the
 * {@code <pid>-...} files that {@link RuntimeDirectory} removes by the pid in their name.
 *
 * <p>Creation is atomic: the creator writes the header into a private, pid-named file (removed by
 * {@link RuntimeDirectory}'s sweep if the creator dies right then), gives it its length (sparse:
 * pages are allocated when first touched, as with POSIX {@code shm_open}/{@code ftruncate}),
 * then hard-links it to the name, which fails if the name exists. No process ever opens a
 * half-made segment, and two creators of one name cannot both win.
 */
public final class SegmentFiles {

    /** Longest name: the file name must stay under the file system's 255 bytes. */
    public static final int MAX_NAME_LENGTH = 200;

    private static final String PREFIX = "shm-";
    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    private static final Set<OpenOption> OPEN = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
    /**
     * The last name {@link #path} resolved, already checked: a process often attaches one segment
     * again and again, and checking a name and building its path cost microseconds each time
     * before the JIT compiles them (a fresh child runs its first attaches interpreted). Racy on
     * purpose: entries are immutable.
     */
    private static NamedPath last = new NamedPath("", null);

    private SegmentFiles() {
    }

    /**
     * @param name a segment name from the user
     * @return the name
     * @throws IllegalArgumentException if it is not 1 to 200 of {@code A-Z a-z 0-9 _ . -}
     */
    public static String checkName(String name) {
        if (name != null && name.equals(last.name())) {
            return name;
        }
        if (!isValidName(name)) {
            throw new IllegalArgumentException("a shared-memory name is 1 to " + MAX_NAME_LENGTH
                    + " characters of A-Z, a-z, 0-9, '_', '.' and '-' (no '/': names are not paths), was "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }

    /**
     * A loop, not a regular expression: every attach checks the name, and a process that attaches
     * many times runs this interpreted at first, where a regex costs three times as much.
     */
    private static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** @return a fresh name, like Python's {@code psm_...} names */
    public static String autoName() {
        return "mp4j_" + Long.toUnsignedString(RandomBits.nextLong(), 36);
    }

    /**
     * @param name a {@linkplain #checkName valid} name
     * @return the file of the segment of that name
     */
    public static Path path(String name) {
        NamedPath cached = last;
        if (cached.name().equals(name)) {
            return cached.path();
        }
        Path path = RuntimeDirectory.sharedMemory().resolve(PREFIX + name);
        last = new NamedPath(name, path);
        return path;
    }

    /** A checked name and its file. */
    private record NamedPath(String name, Path path) {
    }

    /**
     * @param file a file in the shared-memory directory
     * @return whether it is named like a segment
     */
    static boolean isSegmentFile(Path file) {
        return file.getFileName().toString().startsWith(PREFIX);
    }

    /**
     * Creates and maps a segment.
     *
     * @param name its {@linkplain #checkName valid} name
     * @param size its data's size in bytes, at least 1
     * @param flags the header's flags
     * @return the mapping of the whole file, header included
     * @throws SharedMemoryExistsException if the name is taken
     * @throws SharedMemoryException if the file cannot be made (too little room in the directory's file system)
     */
    public static Mapping create(String name, long size, int flags) {
        Path file = path(name);
        Path draft = RuntimeDirectory.newSharedMemoryFile("shmnew");
        try (FileChannel channel = FileChannel.open(draft, CREATE,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            checkRoom(file, size);
            ByteBuffer header = SegmentHeader.forThisProcess(size, flags);
            while (header.hasRemaining()) {
                channel.write(header, header.position());
            }
            channel.write(ByteBuffer.allocate(1), SegmentHeader.SIZE + size - 1);
            Files.createLink(file, draft);
            return mapOrUnlink(channel, file, SegmentHeader.SIZE + size);
        } catch (FileAlreadyExistsException e) {
            throw new SharedMemoryExistsException("shared memory '" + name + "' exists already (" + file
                    + "); attach to it, unlink it first, or choose another name");
        } catch (IOException e) {
            throw new SharedMemoryException("cannot create shared memory '" + name + "' of " + size + " bytes in "
                    + file.getParent() + ": " + e, e);
        } finally {
            deleteQuietly(draft);
        }
    }

    /** Maps a segment just named, or removes the name again if the system refuses the mapping. */
    private static Mapping mapOrUnlink(FileChannel channel, Path file, long fileSize) throws IOException {
        try {
            return Mapping.map(channel, fileSize);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    /**
     * Opens and maps an existing segment, checking its header.
     *
     * @param name its {@linkplain #checkName valid} name
     * @return the mapping of the whole file, header included
     * @throws NoSuchSharedMemoryException if there is none of that name
     * @throws SharedMemoryException if the file is not a segment this mp4j can read
     */
    public static Mapping open(String name) {
        Path file = path(name);
        try (FileChannel channel = FileChannel.open(file, OPEN)) {
            long fileSize = channel.size();
            if (fileSize < SegmentHeader.SIZE) {
                throw notASegment(name, file, SegmentHeader.problem(ByteBuffer.allocate(0), fileSize));
            }
            Mapping mapping = Mapping.map(channel, fileSize);
            String problem = SegmentHeader.problem(mapping.transientSlice(0, SegmentHeader.SIZE), fileSize);
            if (problem != null) {
                mapping.close();
                throw notASegment(name, file, problem);
            }
            return mapping;
        } catch (NoSuchFileException e) {
            throw new NoSuchSharedMemoryException("no shared memory named '" + name + "' (no file " + file
                    + "): it was never created by this user, or it was unlinked (its creator closed it or exited)");
        } catch (IOException e) {
            throw new SharedMemoryException("cannot attach shared memory '" + name + "' (" + file + "): " + e, e);
        }
    }

    /**
     * Removes a segment's name, and stops tracking it here. Harmless if already done.
     *
     * @param name its {@linkplain #checkName valid} name
     */
    public static void unlink(String name) {
        Path file = path(name);
        Tracker.forget(file);
        deleteQuietly(file);
    }

    private static SharedMemoryException notASegment(String name, Path file, String problem) {
        return new SharedMemoryException("'" + name + "' (" + file + ") is not an mp4j shared-memory segment: " + problem);
    }

    /** Refuses a size the file system cannot hold now, instead of a SIGBUS at the first store past its end. */
    private static void checkRoom(Path file, long size) throws IOException {
        long free = Files.getFileStore(file.getParent()).getUsableSpace();
        if (size > free) {
            throw new SharedMemoryException("cannot create shared memory of " + size + " bytes: " + file.getParent()
                    + " has only " + free + " bytes free; free some, or make its file system larger");
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a pid-named draft is left to RuntimeDirectory's sweep; a segment to the tracker's next sweep
        }
    }
}
