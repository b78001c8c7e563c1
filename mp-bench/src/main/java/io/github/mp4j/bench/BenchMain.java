package io.github.mp4j.bench;

import io.github.mp4j.Mp;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * mp4j's benchmark suite: the workloads of {@code shared/bench/python_mp_bench.py}, with the
 * same names, sizes, timing boundaries and output, so that the two suites compare line by line.
 *
 * <pre>
 * java -jar mp-bench/target/mp-bench.jar [--only NAME[,NAME...]] [--json PATH] [--repeats N] [--warmup N]
 * java -jar mp-bench/target/mp-bench.jar --list
 * java -Xmx256m -jar mp-bench/target/mp-bench.jar --imap-memory 100000000
 * </pre>
 *
 * <p>Prints {@code NAME value unit} per metric on stdout, the median of the measured runs after
 * the warm-up runs; a workload that fails prints {@code NAME nan FAILED} and the suite goes on.
 * Progress goes to stderr. Exits with 1 if any workload failed, 2 on a wrong command line.
 * {@code --list} prints the workload names; {@code --imap-memory N} runs {@link ImapMemory}
 * instead of the suite.
 */
public final class BenchMain {

    private static final int EFFECTIVE_CORES_REPEATS = 3;

    private BenchMain() {
    }

    /**
     * @param args see the class documentation, or run with {@code --help}
     */
    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.UsageException e) {
            System.err.print(BenchOptions.usage());
            System.err.println("mp-bench: error: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(BenchOptions.usage());
            return;
        }
        if (options.list()) {
            Workloads.names().forEach(System.out::println);
            return;
        }
        int status;
        try (Watchdog watchdog = new Watchdog()) {
            if (options.imapMemory() > 0) {
                status = ImapMemory.run(options.imapMemory(), new PrintStream(System.out, true, StandardCharsets.UTF_8), watchdog);
            } else {
                status = run(options, watchdog, args);
            }
        }
        System.exit(status);
    }

    private static int run(BenchOptions options, Watchdog watchdog, String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Suite suite = new Suite(options.warmup(), options.repeats(), out);
        String started = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ"));
        log("java " + System.getProperty("java.version") + ", " + Mp.cpuCount() + " CPUs");
        Map<String, Object> coresBefore = effectiveCores(watchdog, "before");
        long suiteStart = System.nanoTime();
        Map<String, Object> seconds = runWorkloads(options.selected(), suite, watchdog);
        double total = (System.nanoTime() - suiteStart) / 1e9;
        Map<String, Object> coresAfter = effectiveCores(watchdog, "after");
        log(String.format(Locale.ROOT, "suite finished in %.1fs", total));

        if (options.json() != null) {
            Map<String, Object> meta = MachineInfo.collect();
            meta.put("started", started);
            meta.put("suite_seconds", total);
            meta.put("effective_cores_before", coresBefore);
            meta.put("effective_cores_after", coresAfter);
            meta.put("workload_seconds", seconds);
            meta.put("argv", List.of(args));
            meta.put("warmup_runs", suite.warmup());
            meta.put("measured_runs", suite.repeats());
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("meta", meta);
            document.put("results", suite.results());
            try {
                writeJson(options.json(), document);
            } catch (IOException e) {
                log("mp-bench: cannot write " + options.json() + ": " + e);
                return 1;
            }
        }
        return suite.anyFailed() ? 1 : 0;
    }

    /** Runs each workload under the watchdog; a failure is recorded and the suite goes on. */
    private static Map<String, Object> runWorkloads(List<Workload> workloads, Suite suite, Watchdog watchdog) {
        Map<String, Object> seconds = new LinkedHashMap<>();
        for (Workload workload : workloads) {
            long t0 = System.nanoTime();
            Watchdog.Alarm alarm = watchdog.arm(workload.name());
            try {
                workload.body().run(suite);
            } catch (Exception | LinkageError | AssertionError e) {
                e.printStackTrace();
                suite.fail(workload.name(), e);
            } finally {
                alarm.cancel();
            }
            double took = (System.nanoTime() - t0) / 1e9;
            seconds.put(workload.name(), took);
            log(String.format(Locale.ROOT, "  [%6.1fs] %s", took, workload.name()));
        }
        return seconds;
    }

    /** A check on the run, not a workload: when it fails the suite still runs. */
    private static Map<String, Object> effectiveCores(Watchdog watchdog, String when) {
        Watchdog.Alarm alarm = watchdog.arm("effective cores " + when);
        try {
            Map<String, Object> cores = EffectiveCores.measure(EFFECTIVE_CORES_REPEATS);
            log(String.format(Locale.ROOT, "effective cores %s: %.2f", when, (Double) cores.get("effective_cores")));
            return cores;
        } catch (RuntimeException e) {
            log("effective cores " + when + ": failed: " + e);
            return Map.of("error", e.toString());
        } finally {
            alarm.cancel();
        }
    }

    private static void writeJson(Path path, Object document) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(path, Json.write(document), StandardCharsets.UTF_8);
    }

    private static void log(String message) {
        System.err.println(message);
        System.err.flush();
    }
}
