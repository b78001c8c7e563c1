package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code process_rss_mb}: the memory an idle child JVM holds. */
final class ProcessRss {

    private static final String NOTE = """
            VmRSS, read from /proc/PID/status, of one idle child after start-up: it has reported ready
            and is blocked on its go queue (the stand-in for Python's Event). Value in MB (MiB). Each run
            also records RssAnon, RssFile, RssShmem and Pss (from smaps_rollup).""";

    private ProcessRss() {
    }

    static void run(Suite suite) throws Exception {
        suite.bench("process_rss_mb", "MB", Better.LOWER, NOTE, ProcessRss::once);
    }

    private static Measurement once() throws Exception {
        Map<String, Long> sample = new LinkedHashMap<>();
        TimedChildren.of(() -> null)
                .onReady(children -> {
                    Path proc = Path.of("/proc", Long.toString(children.get(0).pid()));
                    sample.putAll(ProcFiles.readKb(proc.resolve("status"), Set.of("VmRSS", "RssAnon", "RssFile", "RssShmem")));
                    sample.putAll(ProcFiles.readKb(proc.resolve("smaps_rollup"), Set.of("Pss")));
                })
                .run();
        check(sample.containsKey("VmRSS"), "no VmRSS in /proc/PID/status");
        Map<String, Object> details = new LinkedHashMap<>();
        sample.forEach((key, kb) -> details.put(key + "_mb", kb / 1024.0));
        return Measurement.of(sample.get("VmRSS") / 1024.0, details);
    }
}
