package io.github.mp4j.resource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The directory, private to the current user, where mp4j keeps socket files and other
 * per-process files.
 *
 * <p>Every file in it is named {@code <pid>-<sequence>-<random>.<suffix>}, so a file whose
 * process is gone can be recognised and removed: each process deletes its own files when it
 * exits, and removes those of dead processes the first time it uses the directory, which cleans
 * up after processes that were killed.
 *
 * <p>The location is {@code ${java.io.tmpdir}/mp4j-${user.name}} unless the system property
 * {@value #DIRECTORY_PROPERTY} names another; it is created with permissions {@code rwx------}
 * and refused if another user owns it.
 */
public final class RuntimeDirectory {

    /** System property that overrides the directory's location. */
    public static final String DIRECTORY_PROPERTY = "mp4j.runtime.dir";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long PID = ProcessHandle.current().pid();

    private static volatile Path directory;

    private RuntimeDirectory() {
    }

    /** @return the directory, created and cleaned of dead processes' files on first use */
    public static Path get() {
        Path dir = directory;
        if (dir == null) {
            synchronized (RuntimeDirectory.class) {
                dir = directory;
                if (dir == null) {
                    dir = create();
                    removeFilesOfDeadProcesses(dir);
                    directory = dir;
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
        String name = PID + "-" + SEQUENCE.incrementAndGet() + "-" + Long.toUnsignedString(RANDOM.nextLong(), 36)
                + "." + suffix;
        return get().resolve(name);
    }

    private static Path create() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        Path dir = configured != null
                ? Paths.get(configured)
                : Paths.get(System.getProperty("java.io.tmpdir"), "mp4j-" + System.getProperty("user.name"));
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
                throw new IllegalStateException("mp4j runtime directory " + dir + " belongs to " + owner
                        + ", not to " + System.getProperty("user.name") + "; set -D" + DIRECTORY_PROPERTY
                        + " to a directory of your own");
            }
            if (!Files.getPosixFilePermissions(dir).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(dir, EnumSet.copyOf(OWNER_ONLY));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the mp4j runtime directory " + dir
                    + "; set -D" + DIRECTORY_PROPERTY + " to a writable directory", e);
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
