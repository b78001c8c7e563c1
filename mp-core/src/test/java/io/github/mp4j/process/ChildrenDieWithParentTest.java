package io.github.mp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.queue.Queues;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No orphans: a grandchild started by a child JVM ends when that child ends, whether the child
 * was killed or returned normally.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChildrenDieWithParentTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Kills and waits for this test's children, then checks that no mp4j child JVM is left. */
    @RegisterExtension
    final ChildReaper children = new ChildReaper();

    @Test
    void aGrandchildExitsWhenItsParentIsKilled() throws Exception {
        ProcessQueue<Long> grandchildPids = Queues.queue();
        ProcessQueue<String> never = Queues.queue();
        ChildProcess child = children.start(ChildProcess.builder(() -> {
            ChildProcess grandchild = ChildProcess.builder(() -> never.get()).build();
            grandchild.start();
            grandchildPids.put(grandchild.pid());
            never.get();
        }).build());
        long grandchildPid = grandchildPids.get(WAIT);
        children.adopt(grandchildPid);
        ProcessHandle grandchild = ProcessHandle.of(grandchildPid).orElseThrow();
        assertThat(grandchild.parent().map(ProcessHandle::pid)).as("the grandchild's parent").hasValue(child.pid());

        child.kill();

        assertThat(child.join(WAIT)).isTrue();
        assertThat(child.exitCode()).isEqualTo(ExitCodes.KILLED);
        assertExits(grandchildPid);
    }

    @Test
    void aDaemonGrandchildIsTerminatedWhenItsParentReturns() throws Exception {
        ProcessQueue<Long> grandchildPids = Queues.queue();
        ProcessQueue<String> never = Queues.queue();
        ChildProcess child = children.start(ChildProcess.builder(() -> {
            ChildProcess grandchild = ChildProcess.builder(() -> never.get()).daemon(true).build();
            grandchild.start();
            grandchildPids.put(grandchild.pid());
        }).build());
        long grandchildPid = grandchildPids.get(WAIT);
        children.adopt(grandchildPid);

        assertThat(child.join(WAIT)).isTrue();

        assertThat(child.exitCode()).isZero();
        assertExits(grandchildPid);
    }

    private static void assertExits(long pid) throws Exception {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isPresent()) {
            process.get().onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process %d", pid).isEmpty();
    }
}
