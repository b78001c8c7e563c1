package io.github.mp4j.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.process.JvmOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A JVM that exits while its pool runs (here by SIGTERM, as an operator stops a service) ends the
 * pool in mp4j's exit sequence: pending calls fail with a {@link PoolClosedException} that says
 * why, no worker is taken for crashed or replaced, nothing prints a stack trace, and every worker
 * exits.
 */
class PoolAtExitTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private Process app;
    private final List<ProcessHandle> workers = new ArrayList<>();
    private final List<String> output = new CopyOnWriteArrayList<>();

    @AfterEach
    void killWhatIsLeft() {
        if (app != null) {
            workers.forEach(ProcessHandle::destroyForcibly);
            app.destroyForcibly();
            workers.forEach(worker -> worker.onExit().orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS)
                    .exceptionally(e -> worker).join());
        }
    }

    @Test
    void sigtermTerminatesARunningPoolQuietlyAndStartsNoWorker() throws Exception {
        app = new ProcessBuilder(command()).redirectErrorStream(true).start();
        Thread reader = readOutput();
        awaitLines(" started", 2);
        workers.addAll(app.descendants().toList());
        assertThat(workers).as("the pool's two workers").hasSize(2);

        app.toHandle().destroy();

        assertThat(app.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("exits; output:%n%s", text()).isTrue();
        reader.join(PATIENCE.toMillis());
        assertThat(app.exitValue()).as("exit status after SIGTERM; output:%n%s", text()).isEqualTo(143);
        assertThat(output).as("the pending call's failure").contains(
                "the call ended: this process is exiting; the pool was terminated before this call finished");
        assertThat(text()).as("no worker died, was replaced or printed a stack trace")
                .doesNotContain("Exception", "\tat ", "died", "lost the connection", "worker-3");
        for (ProcessHandle worker : workers) {
            assertThat(worker.onExit()).as("worker %s exits with its pool", worker.pid())
                    .succeedsWithin(PATIENCE);
        }
    }

    private static List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmOptions.requiredJvmFlags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ExitingApplication.class.getName()));
        return command;
    }

    private Thread readOutput() {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                        output.notifyAll();
                    }
                }
            } catch (IOException e) {
                output.add("reading the output failed: " + e);
            }
        }, "exiting-application-output");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    /** Waits until {@code count} lines end with {@code suffix}. */
    private void awaitLines(String suffix, int count) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        synchronized (output) {
            while (output.stream().filter(line -> line.endsWith(suffix)).count() < count) {
                long left = deadline - System.nanoTime();
                assertThat(left).as("%d lines '...%s' within %s; output so far:%n%s", count, suffix, PATIENCE, text())
                        .isPositive();
                assertThat(app.isAlive()).as("the application runs; output so far:%n%s", text()).isTrue();
                TimeUnit.NANOSECONDS.timedWait(output, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
        }
    }

    private String text() {
        return String.join(System.lineSeparator(), output);
    }

    /** A plain Java program whose pool of two worker JVMs runs slow tasks when it is stopped. */
    static final class ExitingApplication {

        private ExitingApplication() {
        }

        private static int slowly(int task) {
            System.out.println("task " + task + " started");
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return task;
        }

        public static void main(String[] args) {
            ProcessPool pool = ProcessPool.create(PoolConfig.custom().processes(2).build());
            AsyncResult<List<Integer>> result = pool.mapAsync(ExitingApplication::slowly, List.of(1, 2, 3, 4), 1, null, null);
            try {
                result.get();
                System.out.println("the call finished");
            } catch (PoolClosedException e) {
                System.out.println("the call ended: " + e.getMessage());
            }
        }
    }
}
