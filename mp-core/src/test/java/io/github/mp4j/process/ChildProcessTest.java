package io.github.mp4j.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.function.SerializableRunnable;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.queue.Queues;
import io.github.mp4j.serial.SerializationException;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The life of one child JVM: its exit codes, its state as seen by the parent, and how it is configured. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChildProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Kills and waits for this test's children, then checks that no mp4j child JVM is left. */
    @RegisterExtension
    final ChildReaper children = new ChildReaper();

    @Test
    void aRunningChildIsAliveStartsOnlyOnceCannotBeClosedAndExitsWithZeroAfterItsTargetReturns() {
        ProcessQueue<Long> pids = Queues.queue();
        ProcessQueue<String> go = Queues.queue();
        ChildProcess child = ChildProcess.builder(() -> {
            pids.put(ProcessHandle.current().pid());
            go.get();
        }).build();
        assertThat(child.isAlive()).isFalse();
        assertThat(child.exitCode()).isNull();

        children.start(child);

        assertThat(pids.get(WAIT)).as("pid the child sees").isEqualTo(child.pid());
        assertThat(ProcessHandle.of(child.pid())).hasValueSatisfying(handle -> assertThat(handle.isAlive()).isTrue());
        assertThat(child.isAlive()).isTrue();
        assertThat(child.exitCode()).isNull();
        assertThat(child.join(Duration.ofMillis(200))).as("join while the child waits").isFalse();
        assertThat(ChildProcess.activeChildren()).contains(child);
        assertThatThrownBy(child::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(child.name()).hasMessageContaining("already started");
        assertThatThrownBy(child::close).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(child.name()).hasMessageContaining("still running");
        assertThat(child.isAlive()).as("alive after the refused start and close").isTrue();

        go.put("go");

        assertThat(child.join(WAIT)).isTrue();
        assertThat(child.exitCode()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(child.isAlive()).isFalse();
        assertThat(child.onExit()).isCompletedWithValue(0);
        assertThat(ChildProcess.activeChildren()).doesNotContain(child);
        child.close();
        assertThatThrownBy(child::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(child.exitCode()).as("still known after close").isZero();
    }

    @Test
    void anUncaughtExceptionExitsWithOneAndThePrintedStackTraceReachesTheParentsStandardError() {
        String marker = "boom " + UUID.randomUUID();
        ChildProcess child = ChildProcess.builder(() -> {
            throw new IllegalStateException(marker);
        }).build();
        PrintStream originalErr = System.err;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new Tee(originalErr, copy), true, StandardCharsets.UTF_8));
        try {
            children.start(child);
            assertThat(child.join(WAIT)).isTrue();
        } finally {
            System.setErr(originalErr);
        }

        assertThat(child.exitCode()).isEqualTo(ExitCodes.UNCAUGHT_EXCEPTION);
        String relayed = copy.toString(StandardCharsets.UTF_8);
        assertThat(relayed).contains("java.lang.IllegalStateException: " + marker)
                .contains("\tat " + ChildProcessTest.class.getName())
                .contains(child.name());
    }

    @Test
    void systemExitSetsTheExitCode() {
        ChildProcess child = children.start(ChildProcess.builder(() -> System.exit(3)).build());

        assertThat(child.join(WAIT)).isTrue();
        assertThat(child.exitCode()).isEqualTo(3);
    }

    /** Several at once: a terminated child must not sometimes report another exit code. */
    @Test
    void terminateStopsChildrenBlockedForeverWithMinusFifteen() {
        List<ChildProcess> blocked = startBlockedForever(4);

        blocked.forEach(ChildProcess::terminate);

        List<Integer> exitCodes = new ArrayList<>();
        for (ChildProcess child : blocked) {
            assertThat(child.join(WAIT)).isTrue();
            exitCodes.add(child.exitCode());
        }
        assertThat(exitCodes).as("exit codes after terminate()").containsOnly(ExitCodes.TERMINATED);
    }

    @Test
    void killStopsAChildBlockedForeverWithMinusNine() {
        ChildProcess child = startBlockedForever(1).get(0);

        child.kill();

        assertThat(child.join(WAIT)).isTrue();
        assertThat(child.exitCode()).isEqualTo(ExitCodes.KILLED).isEqualTo(-9);
        assertThat(ChildProcess.activeChildren()).doesNotContain(child);
    }

    @Test
    void jvmOptionsReachTheChild() {
        JvmOptions options = JvmOptions.builder()
                .environment("MP4J_TEST_VARIABLE", "from the parent")
                .jvmArg("-Dmp4j.test.property=from a jvmArg")
                .maxHeap("64m")
                .build();
        ProcessQueue<JvmReport> reports = Queues.queue();
        ChildProcess child = ChildProcess.builder(() -> reports.put(new JvmReport(System.getenv("MP4J_TEST_VARIABLE"),
                System.getProperty("mp4j.test.property"), Runtime.getRuntime().maxMemory()))).jvmOptions(options).build();

        children.start(child);
        JvmReport report = reports.get(WAIT);

        assertThat(report.variable()).isEqualTo("from the parent");
        assertThat(report.property()).isEqualTo("from a jvmArg");
        assertThat(report.maxMemory()).as("Runtime.maxMemory() with -Xmx64m").isBetween(32L << 20, 64L << 20);
        assertThat(child.join(WAIT)).isTrue();
        assertThat(child.exitCode()).isZero();
    }

    @Test
    void aChildUsesTheSocketProviderItsParentUsesAndItsSocketsWork() {
        ProcessQueue<String> providers = Queues.queue();
        ChildProcess child = ChildProcess.builder(() -> providers.put(
                java.nio.channels.spi.SelectorProvider.provider().getClass().getName())).build();

        children.start(child);

        assertThat(providers.get(WAIT)).as("the child's SelectorProvider, which its put travelled through")
                .isEqualTo(java.nio.channels.spi.SelectorProvider.provider().getClass().getName());
        assertThat(child.join(WAIT)).isTrue();
        assertThat(child.exitCode()).isZero();
    }

    @Test
    void aTargetCapturingAThreadFailsAtStartNamingTheClassAndStartsNoJvm() {
        Thread thread = new Thread(() -> { });
        assertFailsAtStartWithoutAJvm(() -> System.out.println(thread.getName()), "java.lang.Thread");
    }

    @Test
    void aTargetCapturingANonSerializableLambdaFailsAtStartAndStartsNoJvm() {
        Runnable notSerializable = () -> { };
        assertFailsAtStartWithoutAJvm(notSerializable::run, "Serializable");
    }

    private void assertFailsAtStartWithoutAJvm(SerializableRunnable target, String expectedInMessage) {
        ChildProcess child = ChildProcess.builder(target).build();
        Set<Long> before = ChildReaper.livePids();

        assertThatThrownBy(() -> children.start(child)).isInstanceOf(SerializationException.class)
                .hasMessageContaining(child.name()).hasMessageContaining(expectedInMessage);

        assertThat(child.isAlive()).isFalse();
        assertThat(child.exitCode()).isNull();
        assertThat(ChildProcess.activeChildren()).isEmpty();
        assertThat(ChildReaper.livePids()).as("child processes of this JVM").isSubsetOf(before);
        assertThatThrownBy(child::pid).isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
    }

    /** @return children that have started and wait forever on a queue */
    private List<ChildProcess> startBlockedForever(int count) {
        ProcessQueue<String> ready = Queues.queue();
        ProcessQueue<String> never = Queues.queue();
        List<ChildProcess> blocked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            blocked.add(children.start(ChildProcess.builder(() -> {
                ready.put("ready");
                never.get();
            }).build()));
        }
        for (ChildProcess child : blocked) {
            assertThat(ready.get(WAIT)).isEqualTo("ready");
            assertThat(child.exitCode()).isNull();
        }
        return blocked;
    }

    /** What a child sees of its JVM options. */
    record JvmReport(String variable, String property, long maxMemory) {
    }

    /** Copies everything written to two streams. */
    private static final class Tee extends OutputStream {
        private final PrintStream first;
        private final ByteArrayOutputStream second;

        Tee(PrintStream first, ByteArrayOutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }

        @Override
        public synchronized void flush() {
            first.flush();
        }
    }
}
