package io.github.mp4j.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.runtime.StartMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The call contract on worker JVMs, and what only worker JVMs do: a task can kill its worker. */
class JvmCallControlTest extends CallControlContract {

    @Override
    StartMethod startMethod() {
        return StartMethod.JVM;
    }

    @Override
    void assertNoWorkerLeft() {
        ChildReaper.assertNoChildLeft();
    }

    /** The pool runs no task twice, but a call that allows one retry gets its task run again after its worker died. */
    @Test
    void aCallsRetriesOverrideThePools(@TempDir Path dir) {
        ProcessPool own = ownPool(config("retries").processes(1).retries(0));
        String once = dir.resolve("once").toString();
        String twice = dir.resolve("twice").toString();

        assertThatThrownBy(() -> own.apply((String marker) -> exitTheFirstTime(marker), once))
                .isInstanceOf(WorkerDiedException.class);
        assertThat(own.applyAsync((String marker) -> exitTheFirstTime(marker), twice, CallOptions.defaults().withRetries(1))
                .get(WAIT)).isEqualTo("second attempt");
    }

    @Test
    void theExecutorServiceRefusesATaskThatCannotBeSerializedNamingIt() {
        java.util.concurrent.ExecutorService executor = pool.asExecutorService();
        Thread notSerializable = new Thread("captured");
        java.util.concurrent.Callable<String> task = notSerializable::getName;

        assertThatThrownBy(() -> executor.submit(task)).isInstanceOf(java.util.concurrent.RejectedExecutionException.class)
                .hasMessageContaining("must be serializable").hasMessageContaining(task.getClass().getName());
    }

    static String exitTheFirstTime(String marker) {
        Path path = Path.of(marker);
        if (!Files.exists(path)) {
            try {
                Files.createFile(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.exit(7);
        }
        return "second attempt";
    }
}
