package io.github.mp4j.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.mp4j.runtime.StartMethod;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOT cache of worker JVMs on JDK 25 and newer, in real application JVMs on a class path of
 * jars (a cache cannot hold classes from directories, so the test packs mp-core's classes into
 * a jar first): created once in the background, then given to every worker, which maps it; not
 * offered when the class path changed; and a corrupt cache never breaks a worker. Runs only where
 * a JDK 25 or newer is installed.
 */
@Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AotCacheTest {

    private static final Duration TRAINING_WAIT = Duration.ofSeconds(300);
    private static final long APPLICATION_WAIT_SECONDS = 180;

    @TempDir
    Path dir;
    private Path java;
    private Path runtimeDir;
    private List<String> classpath;

    @BeforeEach
    void packApplication() throws IOException {
        Optional<Path> jdk = jdk25();
        assumeTrue(jdk.isPresent(), "no JDK 25 or newer in /usr/lib/jvm (nor in MP4J_TEST_JDK25): the AOT cache"
                + " needs one, so this test is skipped");
        java = jdk.get().resolve("bin").resolve("java");
        runtimeDir = Files.createDirectory(dir.resolve("runtime"));
        classpath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Paths.get(entry);
            if (Files.isDirectory(path)) {
                classpath.add(jar(path, dir.resolve(path.getFileName() + "-" + classpath.size() + ".jar")).toString());
            } else if (entry.contains("esotericsoftware") || entry.contains("objenesis")) {
                classpath.add(entry);
            }
        }
    }

    @AfterEach
    void noTrainingLeft() {
        // a training JVM outlives its application by design; none may outlive the test
        String marker = runtimeDir == null ? null : runtimeDir.toString();
        if (marker != null) {
            ProcessHandle.allProcesses()
                    .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false))
                    .forEach(p -> {
                        p.destroyForcibly();
                        p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
                    });
        }
    }

    @Test
    void aCacheIsCreatedOnceReusedAndNeverBreaksAWorker() throws Exception {
        List<String> first = runApplication();
        assertThat(first).as("workers of the first run: no cache yet").hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("cache=none").contains("cubes=[0, 1, 8, 27]"));
        Path cache = awaitCaches(1).get(0);
        FileTime created = Files.getLastModifiedTime(cache);

        List<String> second = runApplication();
        assertThat(second).as("workers of the second run map the cache (a refused cache turns sharing off)")
                .hasSize(2).allSatisfy(line -> assertThat(line).contains("cache=" + cache)
                        .contains("sharing").contains("cubes=[0, 1, 8, 27]"));
        assertThat(caches()).as("no second training").containsExactly(cache);
        assertThat(Files.getLastModifiedTime(cache)).as("the cache was not rewritten").isEqualTo(created);

        Files.write(cache, new byte[] {'n', 'o', 't', ' ', 'a', 'n', ' ', 'A', 'O', 'T', ' ', 'c', 'a', 'c', 'h', 'e'});
        assertThat(runApplication()).as("workers given a corrupt cache still run their tasks").hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("cache=" + cache).contains("cubes=[0, 1, 8, 27]"));
    }

    @Test
    void aChangedClassPathIsNotOfferedTheOldCache() throws Exception {
        runApplication();
        Path old = awaitCaches(1).get(0);
        Path extra = Files.createDirectory(dir.resolve("extra"));
        Files.writeString(extra.resolve("mp4j-test-extra.txt"), "a new class path entry");
        classpath.add(jar(extra, dir.resolve("extra.jar")).toString());

        List<String> changed = runApplication();
        assertThat(changed).as("workers of a changed class path").hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("cache=none").contains("cubes=[0, 1, 8, 27]"));
        List<Path> caches = awaitCaches(2);
        assertThat(caches).as("a new cache for the new class path, beside the old one").contains(old);
        Path fresh = caches.stream().filter(c -> !c.equals(old)).findFirst().orElseThrow();
        assertThat(runApplication()).hasSize(2).allSatisfy(line -> assertThat(line).contains("cache=" + fresh));
    }

    /** @return the lines the application's workers reported, one per worker */
    private List<String> runApplication() throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir, "application", ".txt");
        List<String> command = List.of(java.toString(), "-Dmp4j.runtime.dir=" + runtimeDir,
                "-cp", String.join(File.pathSeparator, classpath), Application.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        Process application = builder.start();
        try {
            assertThat(application.waitFor(APPLICATION_WAIT_SECONDS, TimeUnit.SECONDS)).as("the application exits").isTrue();
        } finally {
            application.destroyForcibly();
            application.onExit().orTimeout(APPLICATION_WAIT_SECONDS, TimeUnit.SECONDS).join();
        }
        String printed = Files.readString(output);
        assertThat(application.exitValue()).as("exit status; output:%n%s", printed).isZero();
        return printed.lines().filter(line -> line.startsWith("worker ")).collect(Collectors.toList());
    }

    /** Waits for the background training to publish the {@code count}th cache. */
    private List<Path> awaitCaches(int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TRAINING_WAIT.toNanos();
        List<Path> caches = caches();
        while (caches.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            caches = caches();
        }
        assertThat(caches).as("caches in %s after %s (a failed training leaves aot-*.log there)", runtimeDir,
                TRAINING_WAIT).hasSize(count);
        return caches;
    }

    private List<Path> caches() throws IOException {
        try (Stream<Path> files = Files.list(runtimeDir)) {
            return files.filter(f -> f.getFileName().toString().matches("aot-.*\\.aot")).sorted()
                    .collect(Collectors.toList());
        }
    }

    private static Path jar(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            try (Stream<Path> tree = Files.walk(classes)) {
                for (Path path : tree.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                    out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace(File.separatorChar, '/')));
                    out.write(Files.readAllBytes(path));
                    out.closeEntry();
                }
            }
        }
        return jar;
    }

    /** A JDK 25 or newer: {@code MP4J_TEST_JDK25}, else the newest such JDK in {@code /usr/lib/jvm}. */
    static Optional<Path> jdk25() {
        String configured = System.getenv("MP4J_TEST_JDK25");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Paths.get(configured)).filter(home -> Files.isExecutable(home.resolve("bin/java")));
        }
        File[] homes = new File("/usr/lib/jvm").listFiles();
        if (homes == null) {
            return Optional.empty();
        }
        return Arrays.stream(homes).map(File::toPath).filter(home -> Files.isExecutable(home.resolve("bin/java")))
                .filter(home -> featureVersion(home) >= 25)
                .max((a, b) -> Integer.compare(featureVersion(a), featureVersion(b)));
    }

    private static int featureVersion(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return Integer.parseInt(line.substring("JAVA_VERSION=".length()).replace("\"", "").split("[.+-]")[0]);
                }
            }
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** The application: a pool of two worker JVMs, each reporting the cache it was given and whether it maps one. */
    public static final class Application {

        private Application() {
        }

        /**
         * @param args ignored
         */
        public static void main(String[] args) {
            try (ProcessPool pool = ProcessPool.create(PoolConfig.custom().name("aot").processes(2)
                    .startMethod(StartMethod.JVM).build())) {
                List<String> reports = pool.map(Application::report, List.of(0, 1), 1);
                reports.forEach(System.out::println);
            }
        }

        static String report(Integer index) {
            String cache = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(arg -> arg.startsWith("-XX:AOTCache=")).map(arg -> arg.substring("-XX:AOTCache=".length()))
                    .findFirst().orElse("none");
            return "worker " + ProcessHandle.current().pid() + " cache=" + cache + " info="
                    + System.getProperty("java.vm.info") + " cubes="
                    + Stream.of(0, 1, 2, 3).map(x -> x * x * x).collect(Collectors.toList());
        }
    }
}
