package io.github.mp4j.process.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Copies a child's standard output or error to this process's {@link System#out} or
 * {@link System#err}, so it shows wherever this process's own output goes (a terminal, a log
 * file, a test report). With a prefix, each line is written whole and starts with it, so the
 * output of many workers stays readable.
 */
final class OutputRelay {

    private OutputRelay() {
    }

    /**
     * @param from the child's stream
     * @param toErr whether to copy to {@link System#err} rather than {@link System#out}
     * @param prefix put before each line, or {@code null} to copy bytes as they come
     * @param name names the copying thread
     * @return completes when the child's stream has ended
     */
    static CompletableFuture<Void> start(InputStream from, boolean toErr, String prefix, String name) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try (from) {
                if (prefix == null) {
                    copy(from, toErr);
                } else {
                    copyLines(from, toErr, prefix.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the child's end closed abruptly; nothing more to copy
            } finally {
                done.complete(null);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    private static void copy(InputStream from, boolean toErr) throws IOException {
        byte[] buffer = new byte[8192];
        for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
            PrintStream to = target(toErr);
            to.write(buffer, 0, n);
            to.flush();
        }
    }

    private static void copyLines(InputStream from, boolean toErr, byte[] prefix) throws IOException {
        byte[] buffer = new byte[8192];
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    line.write(buffer, start, i + 1 - start);
                    emit(toErr, prefix, line);
                    start = i + 1;
                }
            }
            line.write(buffer, start, n - start);
        }
        if (line.size() > 0) {
            line.write('\n');
            emit(toErr, prefix, line);
        }
    }

    private static void emit(boolean toErr, byte[] prefix, ByteArrayOutputStream line) {
        PrintStream to = target(toErr);
        synchronized (to) {
            to.write(prefix, 0, prefix.length);
            to.write(line.toByteArray(), 0, line.size());
            to.flush();
        }
        line.reset();
    }

    /** The child's output is the user's, not mp4j's messages: it goes where this process's own output goes. */
    @SuppressWarnings("checkstyle:NoConsolePrint")
    private static PrintStream target(boolean toErr) {
        return toErr ? System.err : System.out;
    }
}
