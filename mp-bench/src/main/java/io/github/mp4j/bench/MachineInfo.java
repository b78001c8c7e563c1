package io.github.mp4j.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Details of the machine and JVM for the JSON file, as {@code machine_info} in the Python suite. */
final class MachineInfo {

    private static final Set<String> CPU_KEYS = Set.of("model name", "cpu family", "model", "stepping", "cpu MHz");
    private static final int STARTUP_RUNS = 10;

    private MachineInfo() {
    }

    /** @return the details; takes about a second, for the bare JVM start-up runs */
    static Map<String, Object> collect() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("java", System.getProperty("java.version"));
        meta.put("java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        meta.put("java_vendor", System.getProperty("java.vendor"));
        meta.put("java_home", System.getProperty("java.home"));
        meta.put("jvm_arguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        meta.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        // availableProcessors already honours CPU affinity and container quotas
        meta.put("cpu_count", Runtime.getRuntime().availableProcessors());
        meta.put("cpus_allowed_list", procStatus("Cpus_allowed_list"));
        meta.put("cpu", cpuInfo());
        meta.put("platform", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        meta.put("mb_bytes", Sizes.MB);
        // Context for the start-up workloads: a bare JVM with the child JVMs' GC flags, no mp4j.
        meta.put("java_version_ms", javaVersionMillis());
        return meta;
    }

    private static Map<String, String> cpuInfo() {
        Map<String, String> cpu = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                int colon = line.indexOf(':');
                String key = colon < 0 ? "" : line.substring(0, colon).trim();
                if (CPU_KEYS.contains(key)) {
                    cpu.putIfAbsent(key, line.substring(colon + 1).trim());
                }
            }
        } catch (IOException e) {
            cpu.put("error", e.toString());
        }
        return cpu;
    }

    private static String procStatus(String key) {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith(key + ":"))
                    .map(line -> line.substring(key.length() + 1).trim())
                    .findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static Double javaVersionMillis() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Double> times = new ArrayList<>();
        try {
            for (int i = 0; i < STARTUP_RUNS; i++) {
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder(java, "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto", "-version")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (p.waitFor() != 0) {
                    return null;
                }
                times.add((System.nanoTime() - t0) / 1e6);
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return Numbers.median(times);
    }
}
