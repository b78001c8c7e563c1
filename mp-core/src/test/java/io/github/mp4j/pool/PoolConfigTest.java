package io.github.mp4j.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.process.JvmOptions;
import io.github.mp4j.runtime.StartMethod;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A pool's configuration: defaults, copies, and settings refused with a message naming the setting and the value. */
class PoolConfigTest {

    @Test
    void defaultsAreTheNamedConstants() {
        PoolConfig config = PoolConfig.ofDefaults();

        assertThat(config.name()).isEqualTo(PoolConfig.DEFAULT_NAME);
        assertThat(config.processes()).isEqualTo(PoolConfig.DEFAULT_PROCESSES).isPositive();
        assertThat(config.startMethod()).isEqualTo(StartMethod.JVM);
        assertThat(config.chunkSize()).isEqualTo(PoolConfig.AUTO_CHUNK_SIZE);
        assertThat(config.maxTasksPerChild()).isEqualTo(PoolConfig.DEFAULT_MAX_TASKS_PER_CHILD);
        assertThat(config.taskTimeout()).isEqualTo(PoolConfig.DEFAULT_TASK_TIMEOUT);
        assertThat(config.retries()).isEqualTo(PoolConfig.DEFAULT_RETRIES);
        assertThat(config.readAhead()).isEqualTo(PoolConfig.DEFAULT_READ_AHEAD);
        assertThat(config.maxPendingTasks()).isEqualTo(PoolConfig.DEFAULT_MAX_PENDING_TASKS);
        assertThat(config.pendingWait()).isEqualTo(PoolConfig.DEFAULT_PENDING_WAIT);
        assertThat(config.initializer()).isNull();
        assertThat(config.jvmOptions()).isEqualTo(JvmOptions.DEFAULT);
    }

    @Test
    void toBuilderCopiesEverySetting() {
        PoolConfig config = PoolConfig.custom().name("copied").processes(3).startMethod(StartMethod.THREADS).chunkSize(5)
                .maxTasksPerChild(7).taskTimeout(Duration.ofSeconds(9)).retries(2).readAhead(11)
                .maxPendingTasks(13).pendingWait(Duration.ofSeconds(15)).jvmOptions(JvmOptions.builder().maxHeap("64m").build()).build();

        PoolConfig copy = config.toBuilder().build();

        assertThat(copy).hasToString(config.toString());
        assertThat(copy.jvmOptions()).isEqualTo(config.jvmOptions());
    }

    @Test
    void invalidSettingsAreRefusedAtOnceWithWhatWasWrong() {
        PoolConfig.Builder builder = PoolConfig.custom();

        assertThatThrownBy(() -> builder.processes(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("processes must be >= 1, was 0");
        assertThatThrownBy(() -> builder.chunkSize(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chunkSize must be >= 0 (0 = automatic), was -1");
        assertThatThrownBy(() -> builder.maxTasksPerChild(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxTasksPerChild must be >= 0 (0 = never recycle), was -1");
        assertThatThrownBy(() -> builder.taskTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("taskTimeout must be zero (no limit) or positive, was ").hasMessageContaining("-1");
        assertThatThrownBy(() -> builder.taskTimeout(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("taskTimeout");
        assertThatThrownBy(() -> builder.retries(11)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retries must be between 0 and 10, was 11");
        assertThatThrownBy(() -> builder.retries(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retries must be between 0 and 10, was -1");
        assertThatThrownBy(() -> builder.readAhead(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("readAhead must be >= 1, was 0");
        assertThatThrownBy(() -> builder.maxPendingTasks(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxPendingTasks must be >= 0 (0 = no limit), was -1");
        assertThatThrownBy(() -> builder.pendingWait(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("pendingWait must be zero (fail at once) or positive");
        assertThatThrownBy(() -> builder.name(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> builder.startMethod(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("startMethod");
        assertThatThrownBy(() -> builder.jvmOptions(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("jvmOptions");

        assertThat(builder.build()).as("a refused setting leaves the builder as it was")
                .hasToString(PoolConfig.ofDefaults().toString());
    }
}
