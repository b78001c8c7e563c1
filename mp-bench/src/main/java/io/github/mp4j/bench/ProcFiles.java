package io.github.mp4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads {@code Key: value kB} lines from {@code /proc} files, as {@code _read_proc_kb} in the Python suite. */
final class ProcFiles {

    private ProcFiles() {
    }

    /**
     * @param file a {@code /proc} file such as {@code /proc/PID/status}
     * @param keys the keys wanted
     * @return each key found and its value in kB, in file order
     * @throws IOException if the file cannot be read
     */
    static Map<String, Long> readKb(Path file, Set<String> keys) throws IOException {
        Map<String, Long> found = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int colon = line.indexOf(':');
            if (colon > 0 && keys.contains(line.substring(0, colon))) {
                found.put(line.substring(0, colon), Long.parseLong(line.substring(colon + 1).trim().split("\\s+")[0]));
            }
        }
        return found;
    }
}
