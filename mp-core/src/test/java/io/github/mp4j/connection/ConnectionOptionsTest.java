package io.github.mp4j.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Limits are checked when they are made, with messages that say what is allowed. */
class ConnectionOptionsTest {

    @Test
    void defaultsAreTheNamedConstants() {
        assertThat(ConnectionOptions.DEFAULT.maxFrameBytes()).isEqualTo(ConnectionOptions.DEFAULT_MAX_FRAME_BYTES);
        assertThat(ConnectionOptions.DEFAULT.handshakeTimeout()).isEqualTo(ConnectionOptions.DEFAULT_HANDSHAKE_TIMEOUT);
    }

    @Test
    void maxFrameBytesOutsideItsRangeIsRefused() {
        assertThatThrownBy(() -> new ConnectionOptions(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxFrameBytes must be between 1 and " + ConnectionOptions.MAX_FRAME_BYTES_LIMIT + ", was 0");
        assertThatThrownBy(() -> ConnectionOptions.DEFAULT.withMaxFrameBytes(Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxFrameBytes must be between 1 and " + ConnectionOptions.MAX_FRAME_BYTES_LIMIT
                        + ", was " + Integer.MAX_VALUE);
    }

    @Test
    void aHandshakeTimeoutThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new ConnectionOptions(1024, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("handshakeTimeout must be positive, was PT0S");
        assertThatThrownBy(() -> new ConnectionOptions(1024, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("handshakeTimeout must be positive, was PT-1S");
        assertThatThrownBy(() -> new ConnectionOptions(1024, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("handshakeTimeout must be positive, was null");
    }

    @Test
    void withMaxFrameBytesChangesOnlyTheMaximum() {
        ConnectionOptions options = new ConnectionOptions(10, Duration.ofSeconds(3)).withMaxFrameBytes(1);

        assertThat(options).isEqualTo(new ConnectionOptions(1, Duration.ofSeconds(3)));
    }
}
