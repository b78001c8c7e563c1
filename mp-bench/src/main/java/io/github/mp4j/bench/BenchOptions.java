package io.github.mp4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The command line of {@link BenchMain}.
 *
 * @param selected the workloads to run, in suite order
 * @param json where to write every run and the machine's details, or {@code null}
 * @param warmup warm-up runs per workload, not counted
 * @param repeats measured runs per workload
 * @param help whether only the usage was asked for
 * @param list whether only the workload names were asked for
 * @param imapMemory items for the {@code --imap-memory} check instead of the suite, or 0
 */
record BenchOptions(List<Workload> selected, Path json, int warmup, int repeats, boolean help, boolean list,
                    long imapMemory) {

    static final int DEFAULT_WARMUP = 1;
    static final int DEFAULT_REPEATS = 3;

    static String usage() {
        return """
                usage: java -jar mp-bench.jar [--only NAME[,NAME...]] [--json PATH] [--repeats N] [--warmup N]
                       java -jar mp-bench.jar --list
                       java -Xmx256m -jar mp-bench.jar --imap-memory N

                mp4j micro-benchmarks, the same workloads as shared/bench/python_mp_bench.py.
                Prints NAME value unit per metric (the median of the measured runs); progress goes to stderr.

                  --only NAMES   comma-separated subset of: %s
                  --json PATH    write every run (warm-up included) and the machine's details to PATH
                  --repeats N    measured runs per workload (default %d)
                  --warmup N     warm-up runs per workload, not counted (default %d)
                  --list         print the workload names, one per line, and exit
                  --imap-memory N
                                 instead of the suite: ordered imap over N generated items of a trivial
                                 function on Pool(2), chunk size automatic; prints the time and the peak
                                 heap used (run it with a small -Xmx to show that memory stays bounded)
                """.formatted(String.join(", ", Workloads.names()), DEFAULT_REPEATS, DEFAULT_WARMUP);
    }

    /**
     * @param args the command line; {@code --opt value} and {@code --opt=value} both work
     * @return the options
     * @throws UsageException with a message for the user if the command line is wrong
     */
    static BenchOptions parse(String[] args) {
        String only = null;
        Path json = null;
        int warmup = DEFAULT_WARMUP;
        int repeats = DEFAULT_REPEATS;
        long imapMemory = 0;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return new BenchOptions(List.of(), null, warmup, repeats, true, false, 0);
            }
            if (arg.equals("--list")) {
                return new BenchOptions(List.of(), null, warmup, repeats, false, true, 0);
            }
            int eq = arg.indexOf('=');
            String option = eq > 0 ? arg.substring(0, eq) : arg;
            String value;
            if (eq > 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("argument " + option + ": expected a value");
            }
            switch (option) {
                case "--only" -> only = value;
                case "--json" -> json = Path.of(value);
                case "--warmup" -> warmup = count(option, value, 0);
                case "--repeats" -> repeats = count(option, value, 1);
                case "--imap-memory" -> imapMemory = items(option, value);
                default -> throw new UsageException("unrecognized argument: " + arg);
            }
        }
        if (imapMemory > 0 && only != null) {
            throw new UsageException("argument --imap-memory: runs instead of the suite, not with --only");
        }
        return new BenchOptions(select(only), json, warmup, repeats, false, false, imapMemory);
    }

    private static List<Workload> select(String only) {
        if (only == null) {
            return Workloads.ALL;
        }
        Set<String> wanted = new LinkedHashSet<>(List.of(only.split(",")));
        Set<String> unknown = new TreeSet<>(wanted);
        unknown.removeAll(Workloads.names());
        if (!unknown.isEmpty()) {
            throw new UsageException("unknown workload(s): " + String.join(", ", unknown)
                    + "; valid names: " + String.join(", ", Workloads.names()));
        }
        List<Workload> selected = new ArrayList<>();
        for (Workload workload : Workloads.ALL) {
            if (wanted.contains(workload.name())) {
                selected.add(workload);
            }
        }
        return selected;
    }

    private static int count(String option, String value, int min) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new UsageException("argument " + option + ": must be an integer >= " + min + ", was '" + value + "'");
    }

    private static long items(String option, String value) {
        try {
            long n = Long.parseLong(value.replace("_", ""));
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new UsageException("argument " + option + ": must be an integer >= 1, was '" + value + "'");
    }

    /** A command line the user must fix; the message says what was wrong. */
    static final class UsageException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
