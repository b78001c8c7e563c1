package io.github.mp4j.process.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;

/**
 * Copies a child's standard output or error to this process's {@link System#out} or
 * {@link System#err}, so it shows wherever this process's own output goes (a terminal, a log
 * file, a test report).
 */
final class OutputRelay {

    private OutputRelay() {
    }

    /**
     * @param from the child's stream
     * @param toErr whether to copy to {@link System#err} rather than {@link System#out}
     * @param name names the copying thread
     * @return completes when the child's stream has ended
     */
    static CompletableFuture<Void> start(InputStream from, boolean toErr, String name) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (from) {
                for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                    PrintStream to = toErr ? System.err : System.out;
                    to.write(buffer, 0, n);
                    to.flush();
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
}
