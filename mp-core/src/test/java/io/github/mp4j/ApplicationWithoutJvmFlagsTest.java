package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.TaskFailedException;
import io.github.mp4j.runtime.StartMethod;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.serial.SerializationException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's promise that "the application's own JVM needs no {@code --add-opens} flags",
 * checked in a real application JVM started without them (the test JVM has them, for Kryo's
 * sake, so it cannot prove this): it sends the JDK value types batch jobs pass around, runs the
 * README's {@code pool.map(Summary::of, files)} over a {@code List<Path>} on worker JVMs, and gets
 * a {@code SerializationException} for what cannot be sent.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ApplicationWithoutJvmFlagsTest {

    private static final long WAIT_SECONDS = 150;

    @Test
    void anApplicationWithoutJvmFlagsSendsJdkValuesAndMapsOverPathsOnWorkerJvms(@TempDir Path dir)
            throws IOException, InterruptedException {
        List<Path> files = new ArrayList<>();
        for (int size : new int[] {3, 5, 8}) {
            files.add(Files.writeString(dir.resolve("part-" + size + ".csv"), "x".repeat(size)));
        }
        Path output = dir.resolve("output.txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Application.class.getName()));
        files.forEach(file -> command.add(file.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        Process application = builder.start();
        try {
            assertThat(application.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).as("the application exits").isTrue();
        } finally {
            application.destroyForcibly();
            application.onExit().orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
        }
        String printed = Files.readString(output);

        assertThat(printed).as("the application's output").contains("java.util is closed to mp4j")
                .contains("round trips: all equal")
                .contains("sizes: part-3.csv=3 part-5.csv=5 part-8.csv=8")
                .contains("refused: " + SerializationException.class.getName())
                .contains(SimpleDateFormat.class.getName()).contains("captured value #1")
                .contains("undecodable: " + SerializationException.class.getName()).contains("cannot rebuild it")
                .contains("--add-opens java.base/java.util=ALL-UNNAMED").contains("still works: 3")
                .doesNotContain("InaccessibleObjectException").doesNotContain("UNEQUAL");
        assertThat(application.exitValue()).as("exit status; output:%n%s", printed).isZero();
    }

    /** What a task of the README's Spring example returns for each file. */
    record Summary(Path file, long size, Instant modified) {

        static Summary of(Path file) {
            try {
                return new Summary(file, Files.size(file), Files.getLastModifiedTime(file).toInstant());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    enum Level { LOW, HIGH }

    /** The application: run without any JVM flag, it prints what the test checks. */
    public static final class Application {

        private Application() {
        }

        /**
         * @param args the files to summarize
         * @throws IOException if an address cannot be made
         */
        public static void main(String[] args) throws IOException {
            boolean closed = !Object.class.getModule().isOpen("java.util", Application.class.getModule());
            System.out.println(closed ? "java.util is closed to mp4j" : "java.util is open: this test proves nothing");
            roundTrips();
            List<Path> files = List.of(args).stream().map(Path::of).collect(Collectors.toList());
            try (ProcessPool pool = ProcessPool.create(PoolConfig.custom().name("no-flags").processes(2)
                    .startMethod(StartMethod.JVM).build())) {
                List<Summary> summaries = pool.map(Summary::of, files);
                System.out.println("sizes: " + summaries.stream().map(s -> s.file().getFileName() + "=" + s.size())
                        .collect(Collectors.joining(" ")));
                SimpleDateFormat format = new SimpleDateFormat("yyyy");
                try {
                    pool.apply(() -> format.format(new java.util.Date()));
                    System.out.println("a SimpleDateFormat was sent");
                } catch (SerializationException e) {
                    System.out.println("refused: " + e.getClass().getName() + ": " + e.getMessage());
                }
                try {
                    // the worker (its JVM has java.util open) can send a HashMap's entry; this JVM cannot rebuild it
                    pool.apply(() -> new HashMap<>(Map.of("k", 1)).entrySet().iterator().next());
                    System.out.println("a HashMap entry arrived");
                } catch (TaskFailedException e) {
                    System.out.println("undecodable: " + e.getCause().getClass().getName() + ": " + e.getCause().getMessage());
                }
                System.out.println("still works: " + pool.map(Summary::of, files.subList(0, 1)).get(0).size());
            }
        }

        private static void roundTrips() throws IOException {
            List<Object> values = List.of(Path.of("/data/in.csv"), new File("data/in.csv"), URI.create("https://example.com/x"),
                    Instant.parse("2024-05-01T12:30:00Z"), LocalDate.of(2024, 2, 29), Duration.ofMillis(1500),
                    ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, ZoneId.of("Europe/Paris")), OffsetDateTime.parse("2024-01-01T00:00+05:30"),
                    new BigDecimal("3.14"), UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), Optional.of("x"), OptionalInt.of(3),
                    Locale.FRANCE, StandardCharsets.UTF_8, BitSet.valueOf(new long[] {5}), EnumSet.of(Level.HIGH),
                    EnumSet.noneOf(Level.class), new EnumMap<>(Map.of(Level.LOW, 1)), new EnumMap<Level, Integer>(Level.class),
                    Collections.singletonList(1), Collections.emptyMap(), List.of(1, 2), Map.of("k", "v"), Map.entry("k", 1),
                    new AbstractMap.SimpleEntry<>("k", 2), InetAddress.getByAddress("db", new byte[] {10, 0, 0, 1}),
                    InetSocketAddress.createUnresolved("example.com", 443), new Summary(Path.of("/a"), 1, Instant.EPOCH));
            boolean allEqual = true;
            for (Object value : values) {
                Object copy = ObjectCodec.decode(ObjectCodec.encode(value));
                if (!Objects.equals(copy, value) || copy.getClass() != value.getClass()) {
                    System.out.println("UNEQUAL " + value.getClass().getName() + ": " + value + " arrived as " + copy);
                    allEqual = false;
                }
            }
            Pattern pattern = (Pattern) ObjectCodec.decode(ObjectCodec.encode(Pattern.compile("a+")));
            AtomicLong counter = (AtomicLong) ObjectCodec.decode(ObjectCodec.encode(new AtomicLong(7)));
            if (!pattern.pattern().equals("a+") || counter.get() != 7) {
                System.out.println("UNEQUAL pattern or atomic");
                allEqual = false;
            }
            System.out.println(allEqual ? "round trips: all equal" : "round trips: some differ");
        }
    }
}
