package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.process.JvmOptions;
import io.github.mp4j.queue.ProcessQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A parent whose {@code main} returns while its non-daemon children still work exits through
 * mp4j's one exit sequence: it joins the children before it closes its object server, so the
 * last items a child puts on the parent's queue, just before the child returns, still arrive.
 * Were the server closed first (or the children ended), the consumer would count fewer items.
 */
class LastPutsAtExitTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final int ITEMS = 2_000;

    @TempDir
    Path dir;

    @Test
    void theLastPutsOfANonDaemonChildArriveWhenTheParentExitsNormally() throws Exception {
        Path count = dir.resolve("count");
        Path output = dir.resolve("output");
        Process parent = new ProcessBuilder(command(count)).redirectErrorStream(true).redirectOutput(output.toFile()).start();

        assertThat(parent.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the parent exits").isTrue();
        String printed = Files.readString(output);
        assertThat(parent.exitValue()).as("the parent's exit status; output:%n%s", printed).isZero();
        assertThat(printed).as("the parent's main returned before the children finished").contains("main returned");
        assertThat(Files.readString(count).trim()).as("items the consumer got; parent's output:%n%s", printed)
                .isEqualTo(String.valueOf(ITEMS));
    }

    private static List<String> command(Path count) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmOptions.requiredJvmFlags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ExitingParent.class.getName(),
                count.toString()));
        return command;
    }

    /**
     * Owns a queue, starts a non-daemon consumer and a non-daemon producer that puts its items a
     * moment after the parent's {@code main} has returned, and returns at once.
     */
    static final class ExitingParent {

        private ExitingParent() {
        }

        public static void main(String[] args) {
            ProcessQueue<Integer> queue = Mp.queue();
            String countFile = args[0];
            Mp.process((ProcessQueue<Integer> q) -> consume(q, countFile), queue).start();
            Mp.process(ExitingParent::produce, queue).start();
            System.out.println("main returned");
        }

        private static void produce(ProcessQueue<Integer> queue) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < ITEMS; i++) {
                queue.put(i);
            }
        }

        private static void consume(ProcessQueue<Integer> queue, String countFile) {
            int got = 0;
            String failure = "";
            try {
                while (got < ITEMS) {
                    queue.get(Duration.ofSeconds(30));
                    got++;
                }
            } catch (RuntimeException e) {
                failure = " (then " + e + ")";
            }
            try {
                Files.writeString(Path.of(countFile), got + failure, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
