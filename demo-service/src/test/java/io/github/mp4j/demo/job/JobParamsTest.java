package io.github.mp4j.demo.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JobParamsTest {

    private final JobType primes = new PrimesJob();

    @Test
    void missingParametersTakeTheirDefaults() {
        assertThat(JobParams.resolve(primes, null).asMap()).containsExactly(Map.entry("limit", 2_000_000L),
                Map.entry("ranges", 200L));
        assertThat(JobParams.resolve(primes, Map.of("limit", "1_000")).get("limit")).isEqualTo(1_000);
    }

    @Test
    void badParametersAreExplained() {
        assertThatThrownBy(() -> JobParams.resolve(primes, Map.of("limits", 5)))
                .hasMessage("job type 'primes' has no parameter 'limits'; it takes limit, ranges");
        assertThatThrownBy(() -> JobParams.resolve(primes, Map.of("limit", 1)))
                .hasMessage("limit must be between 2 and 100000000, was 1");
        assertThatThrownBy(() -> JobParams.resolve(primes, Map.of("ranges", 2.5)))
                .hasMessage("ranges must be a whole number, was '2.5'");
    }

    @Test
    void labelsNameTheRun() {
        assertThat(primes.label(JobParams.resolve(primes, Map.of()))).isEqualTo("primes-below-2000000");
    }
}
