package io.github.mp4j.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

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
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops a real Spring Boot service on the starter ({@link ShutdownProbe}, a JVM of its own) with a
 * real signal while the pool runs its jobs, as an operator or a terminal would: the context's
 * shutdown owns the order. Work still running gets {@code mp.shutdown-grace-period}, {@code @Async}
 * work finds the pool open, no worker is taken for crashed or replaced, and nothing prints a stack
 * trace.
 */
class GracefulShutdownTest {

    private static final Duration PATIENCE = DemoClient.PATIENCE;

    @TempDir
    Path workDir;

    private Process app;
    private Thread reader;
    private final List<String> output = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopWhatIsLeft() throws InterruptedException {
        if (app == null) {
            return;
        }
        List<ProcessHandle> family = new ArrayList<>(app.descendants().toList());
        family.add(app.toHandle());
        family.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : family) {
            process.onExit().orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS).exceptionally(e -> process).join();
        }
    }

    @Test
    void sigtermLetsRunningWorkFinishWithinTheGracePeriod() throws Exception {
        start(List.of());
        awaitRunningJobs();
        app.toHandle().destroy();
        assertAllWorkFinishedQuietly(143);
    }

    @Test
    void ctrlCInATerminalLetsRunningWorkFinishToo() throws Exception {
        assumeThat(Path.of("/usr/bin/setsid")).as("setsid, to give the service a process group of its own").exists();
        start(List.of("/usr/bin/setsid"));
        awaitRunningJobs();
        // Ctrl-C signals the terminal's whole foreground process group: the service and its workers
        Process interrupt = new ProcessBuilder("kill", "-INT", "--", "-" + app.pid()).inheritIO().start();
        assertThat(interrupt.waitFor()).isZero();
        assertAllWorkFinishedQuietly(130);
    }

    private void start(List<String> prefix) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmOptions.requiredJvmFlags());
        command.add("-XX:TieredStopAtLevel=1"); // starts faster; the service only waits for its workers
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ShutdownProbe.class.getName(),
                "--server.port=0", "--mp.processes=3", "--mp.shutdown-grace-period=20s"));
        app = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        reader = new Thread(() -> {
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
        }, "shutdown-probe-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The plain job's tasks run on two workers, and the async work waits for the shutdown. */
    private void awaitRunningJobs() throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        synchronized (output) {
            while (!(printed("plain task 1 started") && printed("plain task 2 started")
                    && printed("async work waits for the shutdown"))) {
                long left = deadline - System.nanoTime();
                assertThat(left).as("both jobs running within %s; output so far:%n%s", PATIENCE, text()).isPositive();
                assertThat(app.isAlive()).as("the service runs; output so far:%n%s", text()).isTrue();
                TimeUnit.NANOSECONDS.timedWait(output, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
        }
        assertThat(output).as("the job is still running when the signal goes").doesNotContain("plain job done");
    }

    private boolean printed(String text) {
        return output.stream().anyMatch(line -> line.endsWith(text));
    }

    private void assertAllWorkFinishedQuietly(int exitStatus) throws InterruptedException {
        assertThat(app.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the service exits; output:%n%s", text()).isTrue();
        assertThat(app.exitValue()).as("exit status; output:%n%s", text()).isEqualTo(exitStatus);
        reader.join(PATIENCE.toMillis());
        List<String> expected = new ArrayList<>();
        IntStream.rangeClosed(1, ShutdownProbe.TASKS).forEach(task -> expected.add("plain task " + task + " done"));
        expected.add("plain job done");
        expected.add("async apply after the shutdown began: ok");
        assertThat(output).as("the work in flight finished after the signal; output:%n%s", text()).containsAll(expected);
        assertThat(text()).as("nothing failed, died or printed a stack trace")
                .doesNotContain("Exception", "\tat ", "died", "failed", "lost the connection");
    }

    private String text() {
        return String.join(System.lineSeparator(), output);
    }
}
