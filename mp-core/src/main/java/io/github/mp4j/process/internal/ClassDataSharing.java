package io.github.mp4j.process.internal;

import io.github.mp4j.resource.RuntimeDirectory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Application class-data sharing for worker JVMs, which cuts a child's start by about a third.
 *
 * <p>JDK 17 cannot create an archive by itself ({@code -XX:+AutoCreateSharedArchive} came in
 * JDK 19), so mp4j does: the first child started with a given class path also runs with
 * {@code -XX:ArchiveClassesAtExit}, and once it exits the archive is moved into place under a
 * name derived from the JDK, the flags and every class path entry's size and date. Later children
 * map it with {@code -XX:SharedArchiveFile}. A child killed before it exits writes none, and the
 * next child tries again, at most {@value #DUMP_ATTEMPTS} times per archive and JVM. A stale or unusable archive is simply ignored by the
 * JVM ({@code -Xshare:auto}). Archives need jars: a class path with directories (as in an IDE or
 * a Maven test run) runs without one. On JDK 25 and newer, {@link AotCache} takes its place.
 */
final class ClassDataSharing {

    private static final AtomicBoolean DUMPING = new AtomicBoolean();
    /**
     * How many children may try to write one archive in this JVM. A child writes it only as it
     * exits by itself; one that is killed first (a manager that outlived its shutdown grace, a
     * worker its pool stopped waiting for, both seen on a loaded machine) writes nothing, and each
     * try makes that child pay the archiving (twice the CPU of a plain start, plus the preload at
     * its exit).
     */
    static final int DUMP_ATTEMPTS = 2;
    private static final Map<Path, Integer> FAILED_DUMPS = new ConcurrentHashMap<>();
    private static final int KEPT_ARCHIVES = 8;
    /** Set in the child that writes an archive or cache: it loads every class of mp4j and Kryo before it exits. */
    static final String PRELOAD_PROPERTY = "mp4j.cds.preload";

    /**
     * Maps the archives at the address they were written for. JDK 17's updates (and JDK 20 on)
     * map them at a random address by default, and then every child rewrites each pointer of the
     * archive before it runs anything: about 30 ms of CPU per child here, and the rewritten
     * pages become the child's private memory (about 10 MB of each worker's RssAnon), where
     * mapped as written they stay pages of the archive's file that every child shares. The JVM
     * still relocates when that address is taken. The price is the archive's random address
     * (ASLR) in mp4j's children; a user who wants it back passes {@code -XX:ArchiveRelocationMode=1}
     * in {@code JvmOptions.jvmArgs}, and this flag is then left out.
     */
    private static final List<String> MAP_AT_ARCHIVED_ADDRESS =
            List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");

    private final Path archive;
    private final Path pending;
    private final boolean dumping;
    private final List<String> mapping;

    private ClassDataSharing(Path archive, Path pending, boolean dumping, List<String> flags) {
        this.archive = archive;
        this.pending = pending;
        this.dumping = dumping;
        this.mapping = flags.stream().anyMatch(f -> f.startsWith("-XX:ArchiveRelocationMode"))
                ? List.of() : MAP_AT_ARCHIVED_ADDRESS;
    }

    /**
     * @return the flags for one child, or {@code null} if this class path cannot use an archive
     */
    static ClassDataSharing forLaunch(String java, List<String> classpath, List<String> flags) {
        if (!jarsOnly(classpath)) {
            return null;
        }
        Path dir = RuntimeDirectory.get();
        Path archive = dir.resolve("cds-" + key(java, classpath, flags) + ".jsa");
        if (Files.isRegularFile(archive)) {
            return new ClassDataSharing(archive, null, false, flags);
        }
        if (FAILED_DUMPS.getOrDefault(archive, 0) >= DUMP_ATTEMPTS || !DUMPING.compareAndSet(false, true)) {
            return null;
        }
        return new ClassDataSharing(archive, RuntimeDirectory.newFile("jsa"), true, flags);
    }

    List<String> flags() {
        List<String> all = new ArrayList<>(mapping);
        if (dumping) {
            all.addAll(List.of("-XX:ArchiveClassesAtExit=" + pending, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                    "-D" + PRELOAD_PROPERTY + "=true"));
        } else {
            all.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off"));
        }
        return all;
    }

    /**
     * In the child that writes the archive: loads every class of mp4j's core and of Kryo (and the
     * JDK's HMAC), so the archive serves every kind of child, not only the kind that happened to
     * write it (a pool worker, say, after a plain process).
     *
     * <p>Only the packages in {@link #PRELOADED} are loaded, never "everything in the jar": in a
     * shaded or fat jar the same jar also holds the application and its libraries (Spring,
     * Hazelcast, ...), and loading all of them made a 100 MB archive that every child then mapped,
     * tripling a child's start-up and resident memory.
     */
    static void preloadIfDumping() {
        if (!Boolean.getBoolean(PRELOAD_PROPERTY)) {
            return;
        }
        ClassLoader loader = ClassDataSharing.class.getClassLoader();
        for (Class<?> anchor : List.of(ClassDataSharing.class, com.esotericsoftware.kryo.Kryo.class)) {
            preloadJarOf(anchor, loader);
        }
        try {
            javax.crypto.Mac.getInstance("HmacSHA256");
        } catch (java.security.NoSuchAlgorithmException e) {
            // nothing to archive then
        }
    }

    /**
     * The class-name prefixes (in jar-entry form) of what a child of any kind may load: mp-core's
     * own packages, one by one (other mp4j modules, such as the Spring Boot starter or mp-hazelcast,
     * pull in their frameworks and stay out), and Kryo with the libraries it ships with.
     */
    static final List<String> PRELOADED = List.of(
            "io/github/mp4j/Mp", "io/github/mp4j/package-info",
            "io/github/mp4j/connection/", "io/github/mp4j/function/", "io/github/mp4j/manager/",
            "io/github/mp4j/pool/", "io/github/mp4j/process/", "io/github/mp4j/queue/",
            "io/github/mp4j/resource/", "io/github/mp4j/runtime/", "io/github/mp4j/serial/",
            "io/github/mp4j/shared/", "io/github/mp4j/sync/", "io/github/mp4j/transport/",
            "com/esotericsoftware/", "org/objenesis/");

    /** @return whether the jar entry {@code name} is a class every kind of child may load */
    static boolean preloaded(String name) {
        if (!name.endsWith(".class") || name.contains("-") || name.startsWith("META-INF")) {
            return false;
        }
        for (String prefix : PRELOADED) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static void preloadJarOf(Class<?> anchor, ClassLoader loader) {
        try {
            java.security.CodeSource source = anchor.getProtectionDomain().getCodeSource();
            if (source == null || !source.getLocation().getPath().endsWith(".jar")) {
                return;
            }
            try (JarFile jar = new JarFile(new File(source.getLocation().toURI()))) {
                jar.stream().map(java.util.jar.JarEntry::getName)
                        .filter(ClassDataSharing::preloaded)
                        .forEach(name -> load(name.substring(0, name.length() - ".class".length()).replace('/', '.'), loader));
            }
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            // a partial archive is still an archive
        }
    }

    private static void load(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            // optional dependencies of some classes are missing; skip them
        }
    }

    /** Called after the child exits: publishes the archive it wrote, if any. */
    void childExited() {
        if (!dumping) {
            return;
        }
        try {
            if (Files.isRegularFile(pending) && Files.size(pending) > 0) {
                Files.move(pending, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                pruneOldArchives(archive.getParent());
            } else {
                FAILED_DUMPS.merge(archive, 1, Integer::sum);
            }
        } catch (IOException e) {
            // no archive this time; the next child tries again
        } finally {
            try {
                Files.deleteIfExists(pending);
            } catch (IOException e) {
                // removed with this process's other files at the next cleanup
            }
            DUMPING.set(false);
        }
    }

    /** Keeps the {@value #KEPT_ARCHIVES} most recently written archives: class paths change with every build. */
    private static void pruneOldArchives(Path dir) {
        List<Path> archives = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "cds-*.jsa")) {
            files.forEach(archives::add);
        } catch (IOException e) {
            return;
        }
        if (archives.size() <= KEPT_ARCHIVES) {
            return;
        }
        archives.sort(Comparator.comparing(ClassDataSharing::modified).reversed());
        for (Path old : archives.subList(KEPT_ARCHIVES, archives.size())) {
            try {
                Files.deleteIfExists(old);
            } catch (IOException e) {
                // tried again after the next archive is written
            }
        }
    }

    static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** @return whether every class path entry is a jar: archives and caches cannot hold classes from directories */
    static boolean jarsOnly(List<String> classpath) {
        List<String> entries = new ArrayList<>();
        for (String entry : classpath) {
            entries.add(entry);
            entries.addAll(manifestClassPath(entry));
        }
        for (String entry : entries) {
            File file = new File(entry);
            if (file.isDirectory() || !entry.endsWith(".jar")) {
                return false;
            }
        }
        return !entries.isEmpty();
    }

    private static List<String> manifestClassPath(String jar) {
        if (!jar.endsWith(".jar") || !new File(jar).isFile()) {
            return List.of();
        }
        try (JarFile file = new JarFile(jar)) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null || classPath.isBlank()) {
                return List.of();
            }
            List<String> entries = new ArrayList<>();
            for (String relative : classPath.trim().split("\\s+")) {
                entries.add(relative);
            }
            return entries;
        } catch (IOException e) {
            return List.of("unreadable/");
        }
    }

    /** @return a short hash of the {@code java}, this JVM's version, the flags and every class path entry's path, size and date */
    static String key(String java, List<String> classpath, List<String> flags) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, java);
            update(digest, System.getProperty("java.vm.version"));
            for (String flag : flags) {
                update(digest, flag);
            }
            for (String entry : classpath) {
                File file = new File(entry);
                update(digest, file.getAbsolutePath() + ":" + file.length() + ":" + file.lastModified());
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }
}
