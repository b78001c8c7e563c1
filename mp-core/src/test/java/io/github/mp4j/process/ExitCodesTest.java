package io.github.mp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitCodesTest {

    @Test
    void statusesAboveTheSignalBaseAreSignals() {
        assertThat(ExitCodes.fromStatus(137)).isEqualTo(ExitCodes.KILLED);
        assertThat(ExitCodes.fromStatus(143)).isEqualTo(ExitCodes.TERMINATED);
        assertThat(ExitCodes.fromStatus(7)).isEqualTo(7);
        assertThat(ExitCodes.fromStatus(128)).isEqualTo(128);
    }

    @Test
    void describeSaysHowAProcessEnded() {
        assertThat(ExitCodes.describe(ExitCodes.KILLED)).isEqualTo("was killed by signal 9 (SIGKILL)");
        assertThat(ExitCodes.describe(ExitCodes.TERMINATED)).isEqualTo("was killed by signal 15 (SIGTERM)");
        assertThat(ExitCodes.describe(-6)).isEqualTo("was killed by signal 6");
        assertThat(ExitCodes.describe(ExitCodes.UNKNOWN)).isEqualTo("stopped (exit status unknown)");
        assertThat(ExitCodes.describe(ExitCodes.OUT_OF_MEMORY)).startsWith("ran out of memory").contains("-Xmx");
        assertThat(ExitCodes.describe(7)).isEqualTo("exited with code 7");
    }
}
