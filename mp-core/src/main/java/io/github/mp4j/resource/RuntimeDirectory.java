package io.github.mp4j.resource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The directories, private to the current user, where mp4j keeps socket files, shared-memory
 * files and other per-process files.
 *
 * <p>Every file in them is named {@code <pid>-<sequence>-<random>.<suffix>}, so a file whose
 * process is gone can be recognised and removed: each process deletes its own files when it
 * exits, and removes those of dead processes the first time it uses a directory, which cleans
 * up after processes that were killed.
 *
 * <p>The runtime directory ({@link #get()}) is {@code ${java.io.tmpdir}/mp4j-${user.name}} unless
 * the system property {@value #DIRECTORY_PROPERTY} names another. The shared-memory directory
 * ({@link #sharedMemory()}) is {@code /dev/shm/mp4j-${user.name}} where {@code /dev/shm} exists
 * (memory, never written back to a disk), otherwise the runtime directory, unless
 * {@value #SHARED_MEMORY_PROPERTY} names another. Both are created with permissions
 * {@code rwx------} and refused if another user owns them.
 */
public final class RuntimeDirectory {

    /** System property that overrides the directory's location. */
    public static final String DIRECTORY_PROPERTY = "mp4j.runtime.dir";
    /** System property that overrides the shared-memory directory's location. */
    public static final String SHARED_MEMORY_PROPERTY = "mp4j.shm.dir";

    private static final Path DEV_SHM = Paths.get("/dev/shm");
    /** What {@link #newFile} and {@link #newSharedMemoryFile} names look like. */
    private static final Pattern FILE_NAME = Pattern.compile("[0-9]{1,19}-[0-9]{1,19}-[0-9a-z]{1,13}\\.[a-z]{1,8}");

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final long PID = ProcessHandle.current().pid();

    private static volatile Path directory;
    private static volatile Path sharedMemoryDirectory;

    private RuntimeDirectory() {
    }

    /** @return the directory, created and cleaned of dead processes' files on first use */
    public static Path get() {
        Path dir = directory;
        if (dir == null) {
            synchronized (RuntimeDirectory.class) {
                dir = directory;
                if (dir == null) {
                    String configured = System.getProperty(DIRECTORY_PROPERTY);
                    dir = create(configured != null ? Paths.get(configured) : defaultLocation(), DIRECTORY_PROPERTY);
                    removeFilesOfDeadProcesses(dir);
                    directory = dir;
                }
            }
        }
        return dir;
    }

    /**
     * @return the directory for files that processes map into memory, created and cleaned of dead
     *     processes' files on first use
     */
    public static Path sharedMemory() {
        Path dir = sharedMemoryDirectory;
        if (dir == null) {
            synchronized (RuntimeDirectory.class) {
                dir = sharedMemoryDirectory;
                if (dir == null) {
                    String configured = System.getProperty(SHARED_MEMORY_PROPERTY);
                    if (configured != null) {
                        dir = create(Paths.get(configured), SHARED_MEMORY_PROPERTY);
                    } else if (Files.isDirectory(DEV_SHM)) {
                        dir = DEV_SHM.resolve("mp4j-" + System.getProperty("user.name"));
                        if (Files.isSymbolicLink(dir)) {
                            throw new IllegalStateException(dir + " is a symbolic link, not mp4j's directory; remove it or"
                                    + " set -D" + SHARED_MEMORY_PROPERTY + " to a directory of your own");
                        }
                        dir = create(dir, SHARED_MEMORY_PROPERTY);
                    } else {
                        dir = get();
                    }
                    removeFilesOfDeadProcesses(dir);
                    sharedMemoryDirectory = dir;
                }
            }
        }
        return dir;
    }

    /**
     * A fresh path in the directory owned by this process. Nothing is created; the caller creates
     * the file and deletes it when done.
     *
     * @param suffix the file name's extension, without the dot
     * @return a path no other process or call will be given
     */
    public static Path newFile(String suffix) {
        return get().resolve(newName(suffix));
    }

    /**
     * A fresh path in the shared-memory directory owned by this process, named like
     * {@link #newFile}. Nothing is created; the caller creates the file and deletes it when done.
     *
     * @param suffix the file name's extension, without the dot
     * @return a path no other process or call will be given
     */
    public static Path newSharedMemoryFile(String suffix) {
        return sharedMemory().resolve(newName(suffix));
    }

    /**
     * Resolves a file name that another process of this user made with
     * {@link #newSharedMemoryFile}, refusing anything else: a path, a link out of the directory,
     * a name of another shape.
     *
     * @param name the file name, as the other process sent it
     * @param suffix the extension the file must have
     * @return the file's path in the shared-memory directory
     * @throws IllegalArgumentException if {@code name} is not such a file name
     */
    public static Path sharedMemoryFile(String name, String suffix) {
        if (!FILE_NAME.matcher(name).matches() || !name.endsWith("." + suffix)) {
            throw new IllegalArgumentException("not the name of an mp4j ." + suffix + " file: " + name);
        }
        return sharedMemory().resolve(name);
    }

    private static String newName(String suffix) {
        return PID + "-" + SEQUENCE.incrementAndGet() + "-" + Long.toUnsignedString(RandomBits.nextLong(), 36) + "." + suffix;
    }

    private static Path defaultLocation() {
        return Paths.get(System.getProperty("java.io.tmpdir"), "mp4j-" + System.getProperty("user.name"));
    }

    private static Path create(Path dir, String property) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir.getParent());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another process created it first; checked below like any existing directory
                }
            }
            String owner = Files.getOwner(dir).getName();
            if (!owner.equals(System.getProperty("user.name"))) {
                throw new IllegalStateException("mp4j directory " + dir + " belongs to " + owner
                        + ", not to " + System.getProperty("user.name") + "; set -D" + property
                        + " to a directory of your own");
            }
            if (!Files.getPosixFilePermissions(dir).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(dir, EnumSet.copyOf(OWNER_ONLY));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the mp4j directory " + dir
                    + "; set -D" + property + " to a writable directory", e);
        }
    }

    private static void removeFilesOfDeadProcesses(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                long owner = ownerPid(file.getFileName().toString());
                if (owner > 0 && owner != PID && ProcessHandle.of(owner).map(p -> !p.isAlive()).orElse(true)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            // A file we cannot list or delete is left for the next process to try; it harms nothing.
        }
    }

    private static long ownerPid(String fileName) {
        int dash = fileName.indexOf('-');
        if (dash <= 0) {
            return -1;
        }
        try {
            return Long.parseLong(fileName.substring(0, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
