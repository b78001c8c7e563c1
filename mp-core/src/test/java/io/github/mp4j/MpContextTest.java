package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.mp4j.pool.PoolClosedException;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.process.JvmOptions;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.runtime.StartMethod;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the default context is chosen, and the façade's pool functions. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MpContextTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Kills and waits for this test's children, then checks that no mp4j child JVM is left. */
    @RegisterExtension
    final ChildReaper children = new ChildReaper();

    @Test
    void theStartMethodIsJvmUnlessThePropertyOrElseTheEnvironmentSaysThreads() {
        assertThat(MpContext.startMethodOf(null, null)).isEqualTo(StartMethod.JVM);
        assertThat(MpContext.startMethodOf(" ", null)).isEqualTo(StartMethod.JVM);
        assertThat(MpContext.startMethodOf("threads", null)).isEqualTo(StartMethod.THREADS);
        assertThat(MpContext.startMethodOf(null, "THREADS")).isEqualTo(StartMethod.THREADS);
        assertThat(MpContext.startMethodOf("jvm", "threads")).as("the property wins").isEqualTo(StartMethod.JVM);
    }

    @Test
    void anUnknownStartMethodIsRefusedNamingTheSettingAndWhatIsAllowed() {
        assertThatThrownBy(() -> MpContext.startMethodOf("fork", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mp4j.start.method must be jvm or threads, was 'fork'");
        assertThatThrownBy(() -> MpContext.startMethodOf(null, "spawn")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MP4J_START_METHOD must be jvm or threads, was 'spawn'");
    }

    @Test
    void theDefaultContextIsTheJvmOneWhenNothingIsSet() {
        assumeTrue(System.getProperty(MpContext.START_METHOD_PROPERTY) == null
                && System.getenv(MpContext.START_METHOD_ENV) == null, "no start method set for this JVM");

        assertThat(Mp.context()).isSameAs(MpContext.defaultContext()).isSameAs(MpContext.jvm());
        assertThat(Mp.process(() -> { }).startMethod()).isEqualTo(StartMethod.JVM);
        assertThat(Mp.context(StartMethod.THREADS)).isSameAs(MpContext.threads());
        assertThat(MpContext.threads()).hasToString("MpContext[threads]");
    }

    @Test
    void aChildJvmStartedWithThePropertyUsesThreadsForEverythingMpCreates() {
        assertThat(defaultsSeenByAChild(JvmOptions.builder().jvmArg("-Dmp4j.start.method=threads").build()))
                .isEqualTo(List.of("THREADS", "ProcessQueue[threads]", "pool workers in this JVM"));
    }

    @Test
    void aChildJvmStartedWithTheEnvironmentVariableUsesThreadsToo() {
        assertThat(defaultsSeenByAChild(JvmOptions.builder().environment("MP4J_START_METHOD", "threads").build()))
                .first().isEqualTo("THREADS");
    }

    @Test
    void mpPoolStartsAPoolOfTheDefaultContextThatCloses() {
        ProcessPool pool = Mp.pool(2);
        try (pool) {
            assertThat(pool.map(x -> x + 1, List.of(1, 2, 3))).isEqualTo(List.of(2, 3, 4));
        }

        assertThatThrownBy(() -> pool.apply(() -> 1)).isInstanceOf(PoolClosedException.class);
    }

    @Test
    void mpPoolTakesAConfigurationWhoseStartMethodWins() {
        try (ProcessPool pool = Mp.pool(config -> config.processes(1).startMethod(StartMethod.THREADS))) {
            assertThat(pool.<Long>apply(() -> ProcessHandle.current().pid())).isEqualTo(ProcessHandle.current().pid());
        }
    }

    private List<String> defaultsSeenByAChild(JvmOptions options) {
        ProcessQueue<List<String>> seen = MpContext.jvm().queue();
        ChildProcess child = children.start(ChildProcess.builder(MpContextTest::reportDefaults, seen)
                .jvmOptions(options).build());
        List<String> defaults = seen.get(WAIT);
        assertThat(child.join(WAIT)).isTrue();
        assertThat(child.exitCode()).isZero();
        return defaults;
    }

    private static void reportDefaults(ProcessQueue<List<String>> seen) {
        String where;
        try (ProcessPool pool = Mp.pool(1)) {
            long self = ProcessHandle.current().pid();
            where = pool.<Long>apply(() -> ProcessHandle.current().pid()) == self ? "pool workers in this JVM" : "worker JVMs";
        }
        seen.put(List.of(Mp.context().startMethod().name(), Mp.queue().toString(), where));
    }
}
