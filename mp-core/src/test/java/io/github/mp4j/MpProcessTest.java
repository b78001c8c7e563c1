package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.runtime.ProcessInfo;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The façade's process functions, seen from both sides of a real child JVM. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MpProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Kills and waits for this test's children, then checks that no mp4j child JVM is left. */
    @RegisterExtension
    final ChildReaper children = new ChildReaper();

    @Test
    void theMainProcessHasNoParent() {
        ProcessInfo self = Mp.currentProcess();

        assertThat(self.name()).isEqualTo("MainProcess");
        assertThat(self.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(self.identity()).isEmpty();
        assertThat(Mp.parentProcess()).isEmpty();
    }

    @Test
    void cpuCountIsAtLeastOne() {
        assertThat(Mp.cpuCount()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aChildKnowsItsDefaultNameItsPidAndItsParentAndIsAnActiveChildUntilJoined() {
        ProcessQueue<Identity> identities = Mp.queue();
        ProcessQueue<String> go = Mp.queue();
        ChildProcess child = Mp.process(() -> {
            identities.put(Identity.ofThisProcess());
            go.get();
        });
        assertThat(child.name()).matches("Process-\\d+");
        assertThat(child.daemon()).isFalse();

        children.start(child);
        Identity seen = identities.get(WAIT);

        assertThat(seen.self().name()).isEqualTo(child.name());
        assertThat(seen.self().pid()).isEqualTo(child.pid());
        assertThat(seen.self().daemon()).isFalse();
        assertThat(seen.self().identity()).hasSize(1);
        assertThat(seen.parent()).isNotNull();
        assertThat(seen.parent().pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(seen.parent().name()).isEqualTo("MainProcess");
        assertThat(Mp.activeChildren()).contains(child);

        go.put("go");

        assertThat(child.join(WAIT)).isTrue();
        assertThat(child.exitCode()).isZero();
        assertThat(Mp.activeChildren()).doesNotContain(child);
    }

    @Test
    void aCustomNameAndTheDaemonFlagAreVisibleInTheChild() {
        ProcessQueue<Identity> identities = Mp.queue();
        ChildProcess child = ChildProcess.builder(() -> identities.put(Identity.ofThisProcess()))
                .name("custom-worker").daemon(true).build();
        assertThat(child.name()).isEqualTo("custom-worker");
        assertThat(child.daemon()).isTrue();

        children.start(child);
        Identity seen = identities.get(WAIT);

        assertThat(seen.self().name()).isEqualTo("custom-worker");
        assertThat(seen.self().daemon()).isTrue();
        assertThat(seen.parent().pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(child.join(WAIT)).isTrue();
        assertThat(child.exitCode()).isZero();
    }

    @Test
    void joinReturnsWhenTheChildExitsEvenIfAGrandchildStillHoldsItsOutput() {
        ProcessQueue<Long> grandchildren = Mp.queue();
        ChildProcess child = Mp.process(() -> {
            try {
                Process sleeper = new ProcessBuilder("sleep", "120").inheritIO().start();
                grandchildren.put(sleeper.pid());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        children.start(child);
        long grandchild = grandchildren.get(WAIT);
        children.adopt(grandchild);

        assertThat(child.join(WAIT)).as("join while a grandchild keeps the child's stdout open").isTrue();
        assertThat(child.exitCode()).isZero();
        assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive)).contains(true);
    }

    @Test
    void defaultNamesCountUp() {
        ChildProcess first = Mp.process(() -> { });
        ChildProcess second = Mp.process(() -> { });

        int firstNumber = Integer.parseInt(first.name().substring("Process-".length()));
        assertThat(second.name()).isEqualTo("Process-" + (firstNumber + 1));
        first.close();
        second.close();
    }

    /**
     * What a process knows of itself and its parent.
     *
     * @param self Mp.currentProcess()
     * @param parent Mp.parentProcess(), or null
     */
    record Identity(ProcessInfo self, ProcessInfo parent) {
        static Identity ofThisProcess() {
            return new Identity(Mp.currentProcess(), Mp.parentProcess().orElse(null));
        }
    }
}
