package io.github.mp4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsToEveryWorkloadOneWarmupAndThreeRuns() {
        BenchOptions options = BenchOptions.parse(new String[0]);

        assertThat(options.selected()).isEqualTo(Workloads.ALL);
        assertThat(options.warmup()).isEqualTo(1);
        assertThat(options.repeats()).isEqualTo(3);
        assertThat(options.json()).isNull();
    }

    @Test
    void onlyKeepsSuiteOrderWhateverTheOrderAsked() {
        BenchOptions options = BenchOptions.parse(new String[] {"--only", "process_rss_mb,spawn_start_join_ms", "--json=out/r.json"});

        assertThat(options.selected()).extracting(Workload::name).containsExactly("spawn_start_join_ms", "process_rss_mb");
        assertThat(options.json()).isEqualTo(Path.of("out/r.json"));
    }

    @Test
    void unknownNamesAreRefusedWithTheValidOnes() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--only", "spawn_start_join_ms,pool_nope"}))
                .isInstanceOf(BenchOptions.UsageException.class)
                .hasMessageContaining("unknown workload(s): pool_nope")
                .hasMessageContaining("valid names: spawn_start_join_ms, pool_startup_ms, pool_restart_ms, pool_map_tiny_tasks_per_s");
    }

    @Test
    void countsMustBeInRange() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--repeats", "0"}))
                .hasMessage("argument --repeats: must be an integer >= 1, was '0'");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--warmup"}))
                .hasMessage("argument --warmup: expected a value");
    }

    @Test
    void poolWorkloadsFollowPythonsOrderWithTheMp4jOnlyOneAfterTheOneItExtends() {
        assertThat(Workloads.names()).containsSubsequence("spawn_start_join_ms", "pool_startup_ms", "pool_map_tiny_tasks_per_s",
                "pool_map_tiny_chunk1_tasks_per_s", "pool_cpu_speedup", "pool_cpu_vs_forkjoin", "apply_async_tasks_per_s",
                "imap_unordered_tasks_per_s", "queue_small_msgs_per_s");
    }

    @Test
    void listAndImapMemoryAreModesOfTheirOwn() {
        assertThat(BenchOptions.parse(new String[] {"--list"}).list()).isTrue();
        assertThat(BenchOptions.parse(new String[0]).imapMemory()).isZero();
        assertThat(BenchOptions.parse(new String[] {"--imap-memory", "100_000_000"}).imapMemory()).isEqualTo(100_000_000L);
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--imap-memory"}))
                .hasMessage("argument --imap-memory: expected a value");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--imap-memory=0"}))
                .hasMessage("argument --imap-memory: must be an integer >= 1, was '0'");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--imap-memory=10", "--only", "pool_startup_ms"}))
                .hasMessageContaining("not with --only");
    }
}
