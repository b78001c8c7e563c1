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
                .hasMessageContaining("valid names: spawn_start_join_ms, queue_small_msgs_per_s");
    }

    @Test
    void countsMustBeInRange() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--repeats", "0"}))
                .hasMessage("argument --repeats: must be an integer >= 1, was '0'");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--warmup"}))
                .hasMessage("argument --warmup: expected a value");
    }
}
