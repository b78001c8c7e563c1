package io.github.mp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the child JVMs of one test and makes sure none of them, nor any grandchild the test
 * learned about, outlives it. As a JUnit extension ({@code @RegisterExtension} on an instance
 * field), after each test it kills what is left, waits for it, and then fails the test if this
 * JVM still has any mp4j child.
 */
public final class ChildReaper implements AutoCloseable, AfterEachCallback {

    private static final Duration EXIT_WAIT = Duration.ofSeconds(30);

    private final List<ChildProcess> children = new ArrayList<>();
    private final List<Long> otherPids = new ArrayList<>();

    /**
     * @param child a process not yet started
     * @return the same process, started
     */
    public synchronized ChildProcess start(ChildProcess child) {
        children.add(child);
        child.start();
        return child;
    }

    /** @param pid a process this test caused to exist without starting it (a grandchild): killed at cleanup */
    public synchronized void adopt(long pid) {
        otherPids.add(pid);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
        assertNoChildLeft();
    }

    /** Kills whatever is still running, waits for it, and releases every child. */
    @Override
    public synchronized void close() {
        for (ChildProcess child : children) {
            if (child.isAlive()) {
                child.kill();
            }
            try {
                assertThat(child.join(EXIT_WAIT)).as("%s exits after SIGKILL", child).isTrue();
            } catch (IllegalStateException neverStartedOrClosed) {
                // nothing to wait for
            }
            child.close();
        }
        for (long pid : otherPids) {
            ProcessHandle.of(pid).ifPresent(handle -> {
                handle.destroyForcibly();
                handle.onExit().orTimeout(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS).join();
            });
        }
        children.clear();
        otherPids.clear();
    }

    /** @return the pids of this JVM's live child processes, whoever started them */
    public static Set<Long> livePids() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    /** @return this JVM's live children that run mp4j's worker entry point */
    public static List<String> liveWorkerJvms() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains("io.github.mp4j.process.ChildMain")).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .collect(Collectors.toList());
    }

    /** Fails if this JVM still has a running mp4j child. */
    public static void assertNoChildLeft() {
        assertThat(ChildProcess.activeChildren()).as("ChildProcess.activeChildren()").isEmpty();
        assertThat(liveWorkerJvms()).as("live worker JVMs of this JVM").isEmpty();
    }
}
