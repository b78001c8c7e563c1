package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.runtime.StartMethod;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A job that passes the same queue to every task (a progress queue, say) costs the queue's owner
 * a bounded number of connections, however many tasks decode a handle of it.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueueHandleSharingTest {

    private static final int CALLS = 2000;
    private static final int WARM_UP_CALLS = 100;
    /** Descriptors the owner may open for a worker's handles of one queue, or for anything else meanwhile. */
    private static final int FD_SLACK = 16;
    /** Calls that exhaust 1024 descriptors if each opens one. */
    private static final int CALLS_UNDER_ULIMIT = 1600;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration CHILD_WAIT = Duration.ofSeconds(180);
    private static final String DONE = "all calls done";

    @AfterAll
    static void noWorkerLeft() {
        ChildReaper.assertNoChildLeft();
    }

    @Test
    void tasksThatEachReceiveTheSameQueueDoNotGrowTheOwnersOpenFiles() {
        try (ProcessPool pool = ProcessPool.create(PoolConfig.custom().name("queue-sharing").processes(2)
                .startMethod(StartMethod.JVM).build())) {
            ProcessQueue<Integer> progress = Mp.queue();
            runCalls(pool, progress, 0, WARM_UP_CALLS);
            long before = openFiles();

            runCalls(pool, progress, WARM_UP_CALLS, CALLS);

            assertThat(openFiles()).as("open files of the queue's owner after %d more calls passing the queue (%d before)",
                    CALLS - WARM_UP_CALLS, before).isLessThan(before + FD_SLACK);
        }
    }

    @Test
    void aParentUnderUlimit1024RunsMoreCallsPassingAQueueThanItHasDescriptors() throws Exception {
        Path output = Files.createTempFile("mp4j-ulimit", ".log");
        List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -n 1024 && exec \"$0\" \"$@\"", javaExecutable()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("--add-opens")).collect(Collectors.toList()));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), UnderUlimit.class.getName()));
        Process parent = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            boolean exited = parent.waitFor(CHILD_WAIT.toSeconds(), TimeUnit.SECONDS);
            String log = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(exited).as("the parent JVM finished within %s; its output:%n%s", CHILD_WAIT, log).isTrue();
            assertThat(parent.exitValue()).as("exit code; output:%n%s", log).isZero();
            assertThat(log).contains(DONE);
        } finally {
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly();
            parent.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            Files.deleteIfExists(output);
        }
    }

    /** The parent JVM of {@link #aParentUnderUlimit1024RunsMoreCallsPassingAQueueThanItHasDescriptors}. */
    static final class UnderUlimit {
        public static void main(String[] args) throws IOException {
            try (ProcessPool pool = ProcessPool.create(PoolConfig.custom().name("ulimit").processes(2)
                    .startMethod(StartMethod.JVM).build())) {
                ProcessQueue<Integer> progress = Mp.queue();
                runCalls(pool, progress, 0, CALLS_UNDER_ULIMIT);
                System.out.println(DONE + ": " + CALLS_UNDER_ULIMIT + " calls, " + openFiles() + " open files");
            }
            System.exit(0);
        }
    }

    /** Runs calls {@code from} to {@code to}, each putting its number on the queue, and takes what they put. */
    private static void runCalls(ProcessPool pool, ProcessQueue<Integer> progress, int from, int to) {
        for (int i = from; i < to; i++) {
            int n = i;
            assertThat(pool.apply((ProcessQueue<Integer> queue) -> {
                queue.put(n);
                return n;
            }, progress)).isEqualTo(n);
        }
        for (int i = from; i < to; i++) {
            progress.get(WAIT);
        }
    }

    private static long openFiles() {
        try (Stream<Path> files = Files.list(Path.of("/proc/self/fd"))) {
            return files.count();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/fd", e);
        }
    }

    private static String javaExecutable() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
