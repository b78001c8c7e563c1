package io.github.mp4j.process.internal;

import io.github.mp4j.resource.RuntimeDirectory;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The ahead-of-time cache of worker JVMs on JDK 25 and newer (JEP 483, 514 and 515: classes
 * loaded and linked, and method profiles, from a training run), which takes the place of
 * {@link ClassDataSharing}'s archive there.
 *
 * <p>A cache is only as good as its training run, so mp4j does not record whichever child happens
 * to start first: the first launch that finds no cache for its JDK, flags and class path starts,
 * on a background thread, a <em>training JVM</em> and goes on without a cache. The training JVM
 * runs {@value #TRAINING_MAIN}, a small pool of one worker JVM that maps small tasks (the
 * handshake, Kryo, the worker loop, results), and its launcher starts that worker with exactly
 * the flags of the real workers plus {@code -XX:AOTMode=record}. Once the worker has exited, the
 * training JVM creates the cache from what it recorded ({@code -XX:AOTMode=create}; JDK 25's
 * one-step {@code -XX:AOTCacheOutput} would do the same inside the worker's exit, which a pool
 * does not wait for that long), checks it with {@code -XX:AOTMode=on} and moves it into place.
 *
 * <pre>
 *  parent JVM                 training JVM (AotTraining)       training worker (WorkerMain)
 *  ----------                 --------------------------       ----------------------------
 *  launch: no cache  --start-->  pool of 1 worker  ----start---> -XX:AOTMode=record
 *  (holds aot-KEY.lock)          map, imap, apply  <--tasks-->   runs them, preloads classes
 *                                close                           exits: JDK writes its
 *                                create pending (AOTMode=create) <------ configuration
 *                                check pending (AOTMode=on),
 *                                move it to aot-KEY.aot
 *  next launch: -XX:AOTCache=aot-KEY.aot
 * </pre>
 *
 * Files in the {@link RuntimeDirectory}: {@code aot-KEY.aot} (the cache, published by an atomic
 * move only after the JDK accepted it), {@code aot-KEY.lock} (held while a training runs, so
 * parents on the same machine train once), {@code aot-KEY.log} (the training's output, kept
 * only when it failed). {@code KEY} is {@link ClassDataSharing}'s key (the {@code java}, its
 * JDK's {@code release} file, the flags and every class path entry's path, size and date): a
 * changed class path or JDK has another key, so a stale cache is never offered. A cache the JDK
 * refuses anyway (a corrupt file) is ignored by the worker, which starts without it.
 */
final class AotCache {

    /** The system property that makes a JVM a training JVM: the path of the cache it creates. */
    static final String TRAINING_PROPERTY = "mp4j.aot.training"; // AotTraining reads it by name
    /**
     * The training JVM's system property with the real workers' flags, one per line (on the
     * command line, not in a file of the parent's, which the parent deletes when it exits).
     */
    static final String TRAINING_FLAGS_PROPERTY = "mp4j.aot.training.flags";
    /** The training JVM's main class (in the pool layer, which this layer may start but not import). */
    static final String TRAINING_MAIN = "io.github.mp4j.pool.internal.AotTraining";

    private static final System.Logger LOG = System.getLogger(AotCache.class.getName());
    private static final int FIRST_FEATURE_VERSION = 25;
    private static final long TRAINING_TIMEOUT_SECONDS = 300;
    private static final long START_WAIT_SECONDS = 5;
    private static final long CREATE_TIMEOUT_SECONDS = 240;
    private static final long CHECK_TIMEOUT_SECONDS = 60;
    private static final int KEPT_CACHES = 4;
    private static final List<String> QUIET = List.of("-Xlog:aot=off", "-Xlog:cds=off");

    /** Caches this JVM already tried to create: a failed training is not repeated for every child. */
    private static final Set<Path> ATTEMPTED = ConcurrentHashMap.newKeySet();
    private static final Map<String, Integer> FEATURE_VERSIONS = new ConcurrentHashMap<>();

    private AotCache() {
    }

    /**
     * @param java the child's {@code java} launcher
     * @return whether that JDK has the AOT cache (JDK 25 or newer)
     */
    static boolean supports(String java) {
        return featureVersion(java) >= FIRST_FEATURE_VERSION;
    }

    /**
     * @param java a {@code java} launcher
     * @return its JDK's feature version (25 for JDK 25.0.1), from its {@code release} file; 0 when unknown
     */
    static int featureVersion(String java) {
        return FEATURE_VERSIONS.computeIfAbsent(java, AotCache::readFeatureVersion);
    }

    /**
     * The flags that give a child the cache of its JDK, flags and class path; while there is none
     * yet, starts creating it in the background (once per cache and JVM) and returns no flags.
     *
     * @param java the child's {@code java} launcher
     * @param classpath the child's class path
     * @param flags the child's JVM flags
     * @param environment what the child's environment adds to this JVM's
     * @return the flags to add to the child's command line, perhaps none
     */
    static List<String> flagsForLaunch(String java, List<String> classpath, List<String> flags,
                                       Map<String, String> environment) {
        if (!ClassDataSharing.jarsOnly(classpath) || System.getProperty(TRAINING_PROPERTY) != null) {
            return List.of();
        }
        Path cache = cacheFile(java, classpath, flags);
        if (Files.isRegularFile(cache)) {
            return useFlags(cache);
        }
        if (ATTEMPTED.add(cache)) {
            startTraining(java, classpath, flags, environment, cache);
        }
        return List.of();
    }

    /**
     * Starts the training off the caller's thread. A JVM that exits while the training JVM is
     * being started would leave it half-started; a shutdown hook waits up to
     * {@value #START_WAIT_SECONDS} s for that start (never for the training itself).
     */
    private static void startTraining(String java, List<String> classpath, List<String> flags,
                                      Map<String, String> environment, Path cache) {
        CompletableFuture<Void> started = new CompletableFuture<>();
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> started.completeOnTimeout(null, START_WAIT_SECONDS,
                    TimeUnit.SECONDS).join(), "mp4j-aot-training-start"));
        } catch (IllegalStateException e) {
            return; // this JVM is exiting: the next one trains
        }
        Thread training = new Thread(() -> {
            try {
                train(java, classpath, flags, environment, cache, started);
            } finally {
                started.complete(null);
            }
        }, "mp4j-aot-training");
        training.setDaemon(true);
        training.start();
    }

    static Path cacheFile(String java, List<String> classpath, List<String> flags) {
        List<String> keyed = new ArrayList<>(flags);
        keyed.add("release=" + release(javaHome(java)));
        return RuntimeDirectory.get().resolve("aot-" + ClassDataSharing.key(java, classpath, keyed) + ".aot");
    }

    private static List<String> useFlags(Path cache) {
        List<String> flags = new ArrayList<>();
        flags.add("-XX:AOTCache=" + cache);
        flags.addAll(QUIET);
        return flags;
    }

    /** On the background thread: runs a training JVM, unless another JVM on this machine already does. */
    private static void train(String java, List<String> classpath, List<String> flags, Map<String, String> environment,
                              Path cache, CompletableFuture<Void> started) {
        Path lockFile = sibling(cache, ".lock");
        Path log = sibling(cache, ".log");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null || Files.isRegularFile(cache)) {
                return;
            }
            int code = runTrainingJvm(java, classpath, flags, environment, cache, log, started);
            if (Files.isRegularFile(cache)) {
                Files.deleteIfExists(log);
            } else {
                LOG.log(System.Logger.Level.WARNING, "mp4j could not create the AOT cache of worker JVMs"
                        + " (training JVM exit code " + code + "; its output is in " + log + "): workers start"
                        + " without it, which is slower but correct. Disable it with"
                        + " JvmOptions.Builder.classDataSharing(false) if this repeats.");
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "mp4j could not create the AOT cache of worker JVMs ("
                    + e + "): workers start without it", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int runTrainingJvm(String java, List<String> classpath, List<String> flags,
                                      Map<String, String> environment, Path cache, Path log,
                                      CompletableFuture<Void> started)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(flags);
        command.add("-D" + TRAINING_PROPERTY + "=" + cache);
        command.add("-D" + TRAINING_FLAGS_PROPERTY + "=" + String.join("\n", flags));
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classpath));
        command.add(TRAINING_MAIN);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(Redirect.from(nullDevice()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        started.complete(null);
        if (!process.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /**
     * Runs {@code java -version} with the workers' flags and class path plus {@code extra}: with
     * {@code -XX:AOTMode=create} that creates a cache, with {@code -XX:AOTMode=on} it checks one (a
     * JVM that cannot map the cache then fails instead of going on without it). Its output goes to
     * the training JVM's, that is to the training's log, which is kept only when the training failed.
     *
     * @return whether it exited with 0 in time
     */
    private static boolean run(String java, List<String> classpath, List<String> flags, List<String> extra,
                               long timeoutSeconds) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(flags);
        command.addAll(extra);
        command.addAll(QUIET);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classpath));
        command.add("-version");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(Redirect.INHERIT).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path sibling(Path cache, String extension) {
        String name = cache.getFileName().toString();
        return cache.resolveSibling(name.substring(0, name.length() - ".aot".length()) + extension);
    }

    /** Keeps the {@value #KEPT_CACHES} most recent caches (tens of MB each): class paths change with every build. */
    private static void pruneOldCaches(Path dir) {
        List<Path> caches = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "aot-*.aot")) {
            files.forEach(caches::add);
        } catch (IOException e) {
            return;
        }
        if (caches.size() <= KEPT_CACHES) {
            return;
        }
        caches.sort(Comparator.comparing(ClassDataSharing::modified).reversed());
        for (Path old : caches.subList(KEPT_CACHES, caches.size())) {
            try {
                Files.deleteIfExists(old);
                Files.deleteIfExists(sibling(old, ".lock"));
                Files.deleteIfExists(sibling(old, ".log"));
            } catch (IOException e) {
                // tried again after the next cache is written
            }
        }
    }

    private static Path javaHome(String java) {
        Path launcher = Paths.get(java).toAbsolutePath();
        try {
            launcher = launcher.toRealPath();
        } catch (IOException e) {
            // a launcher that does not exist fails to start later, with a clearer message
        }
        Path bin = launcher.getParent();
        return bin == null || bin.getParent() == null ? launcher : bin.getParent();
    }

    private static String release(Path home) {
        try {
            return Files.readString(home.resolve("release"), StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private static int readFeatureVersion(String java) {
        Path home = javaHome(java);
        if (home.equals(javaHome(Paths.get(System.getProperty("java.home"), "bin", "java").toString()))) {
            return Runtime.version().feature();
        }
        for (String line : release(home).split("\n")) {
            if (line.startsWith("JAVA_VERSION=")) {
                String version = line.substring("JAVA_VERSION=".length()).replace("\"", "").trim();
                try {
                    return Integer.parseInt(version.split("[.+-]")[0]);
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /** In a training JVM: the one launch that records the cache. */
    static final class Training {

        private static final AtomicBoolean LAUNCHED = new AtomicBoolean();

        private final Path cache;
        private final List<String> flags;
        private final Path pending;
        private final Path configuration;

        private Training(Path cache, List<String> flags, Path pending, Path configuration) {
            this.cache = cache;
            this.flags = flags;
            this.pending = pending;
            this.configuration = configuration;
        }

        /** @return the training of this launch, or {@code null} if this is no training JVM or it already launched its worker */
        static Training forLaunch() {
            String cache = System.getProperty(TRAINING_PROPERTY);
            if (cache == null || !LAUNCHED.compareAndSet(false, true)) {
                return null;
            }
            String flags = System.getProperty(TRAINING_FLAGS_PROPERTY, "");
            return new Training(Paths.get(cache), flags.isEmpty() ? List.of() : List.of(flags.split("\n")),
                    RuntimeDirectory.newFile("aot"), RuntimeDirectory.newFile("aotconf"));
        }

        /** @return the real workers' flags, then those that record the cache */
        List<String> flags() {
            List<String> all = new ArrayList<>(flags);
            all.add("-XX:AOTMode=record");
            all.add("-XX:AOTConfiguration=" + configuration);
            all.addAll(QUIET);
            all.add("-D" + ClassDataSharing.PRELOAD_PROPERTY + "=true");
            return all;
        }

        /**
         * After the training worker exited: creates the cache from what it recorded and publishes
         * it if the JDK accepts it.
         */
        void childExited(String java, List<String> classpath) {
            try {
                String failure = createAndCheck(java, classpath);
                if (failure == null) {
                    Files.move(pending, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    Files.deleteIfExists(sibling(cache, ".log"));
                    pruneOldCaches(cache.getParent());
                } else {
                    LOG.log(System.Logger.Level.WARNING, "no AOT cache " + cache + ": " + failure);
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot publish the AOT cache " + cache + ": " + e);
            } finally {
                try {
                    Files.deleteIfExists(configuration);
                    Files.deleteIfExists(pending);
                } catch (IOException e) {
                    // removed with this process's other files at the next cleanup
                }
            }
        }

        /** @return why no cache can be published, or {@code null} once the JDK created and accepted one */
        private String createAndCheck(String java, List<String> classpath) throws IOException {
            if (!Files.isRegularFile(configuration) || Files.size(configuration) == 0) {
                return "the training worker recorded nothing: it did not reach a normal exit (its output,"
                        + " if any, is above; the next JVM that starts a worker on this class path trains again)";
            }
            if (!run(java, classpath, flags, List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration,
                    "-XX:AOTCache=" + pending), CREATE_TIMEOUT_SECONDS)) {
                return "the JDK could not create it from the recording (its output is above)";
            }
            if (!run(java, classpath, flags, List.of("-XX:AOTCache=" + pending, "-XX:AOTMode=on"), CHECK_TIMEOUT_SECONDS)) {
                return "the JDK refused the cache it created (its output is above)";
            }
            return null;
        }
    }
}
