package io.github.mp4j.connection;

import static io.github.mp4j.connection.Sockets.WAIT;
import static io.github.mp4j.connection.Sockets.async;
import static io.github.mp4j.connection.Sockets.await;
import static io.github.mp4j.connection.Sockets.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.connection.Sockets.Ends;
import io.github.mp4j.connection.Sockets.Transport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Waiting for messages, and what every operation does once either end has closed: never a hang. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PollTest {

    private static final Duration SHORT = Duration.ofMillis(200);

    @ParameterizedTest
    @EnumSource(Transport.class)
    void pollIsFalseWhenNothingArrivesWithinTheTimeout(Transport transport) {
        try (Listener listener = transport.bind(); Ends ends = connect(listener)) {
            long start = System.nanoTime();
            boolean ready = ends.server().poll(SHORT);
            long waited = System.nanoTime() - start;

            assertThat(ready).isFalse();
            assertThat(waited).as("nanoseconds waited").isGreaterThanOrEqualTo(SHORT.toNanos() / 2);
            assertThat(ends.server().poll()).as("poll() without waiting").isFalse();
            assertThat(ends.server().poll(Duration.ZERO)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void pollIsTrueOnceAMessageIsReadyAndDoesNotConsumeIt(Transport transport) {
        try (Listener listener = transport.bind(); Ends ends = connect(listener)) {
            ends.client().send("ready");

            assertThat(ends.server().poll(WAIT)).isTrue();
            assertThat(ends.server().poll()).as("still ready").isTrue();
            assertThat(ends.server().<String>recv()).isEqualTo("ready");
            assertThat(ends.server().poll()).as("ready no more").isFalse();
        }
    }

    @Test
    void aMessageThatArrivedTogetherWithThePreviousOneIsReady() {
        try (Listener listener = Transport.UNIX.bind(); Ends ends = connect(listener)) {
            ends.client().send("first");
            ends.client().send("second");

            assertThat(ends.server().<String>recv()).isEqualTo("first");
            assertThat(ends.server().poll(SHORT)).as("the second message, already read from the socket with the first").isTrue();
            assertThat(ends.server().<String>recv()).isEqualTo("second");
        }
    }

    @Test
    void pollWakesUpWhenAMessageArrivesWhileItWaits() throws InterruptedException {
        try (Listener listener = Transport.UNIX.bind(); Ends ends = connect(listener)) {
            CountDownLatch polling = new CountDownLatch(1);
            CompletableFuture<Boolean> poll = async("poll", () -> {
                polling.countDown();
                return ends.server().poll(Duration.ofMinutes(5));
            });
            polling.await();

            ends.client().send("wake up");

            assertThat(await(poll)).isTrue();
            assertThat(ends.server().<String>recv()).isEqualTo("wake up");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void afterThePeerClosesEverythingItSentIsDeliveredThenRecvSaysTheConnectionIsClosed(Transport transport) {
        try (Listener listener = transport.bind(); Ends ends = connect(listener)) {
            ends.client().send("last words");
            ends.client().sendBytes(new byte[] {4, 2});
            ends.client().close();

            assertThat(ends.server().poll(WAIT)).isTrue();
            assertThat(ends.server().<String>recv()).isEqualTo("last words");
            assertThat(ends.server().recvBytes()).containsExactly(4, 2);
            assertThat(ends.server().poll(WAIT)).as("the end of the stream is ready to be received").isTrue();
            assertThatThrownBy(() -> ends.server().recv())
                    .isInstanceOf(ConnectionClosedException.class)
                    .hasMessageContaining("other end closed");
            assertThatThrownBy(() -> ends.server().recvBytes()).isInstanceOf(ConnectionClosedException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aRecvBlockedWhenThePeerClosesGetsConnectionClosed(Transport transport) throws InterruptedException {
        try (Listener listener = transport.bind(); Ends ends = connect(listener)) {
            CountDownLatch receiving = new CountDownLatch(1);
            CompletableFuture<Object> recv = async("recv", () -> {
                receiving.countDown();
                return ends.server().recv();
            });
            receiving.await();

            ends.client().close();

            assertThatThrownBy(() -> await(recv)).isInstanceOf(ConnectionClosedException.class);
        }
    }

    @Test
    void closingThisEndWakesARecvBlockedInAnotherThread() throws InterruptedException {
        try (Listener listener = Transport.UNIX.bind(); Ends ends = connect(listener)) {
            CountDownLatch receiving = new CountDownLatch(1);
            CompletableFuture<Object> recv = async("recv", () -> {
                receiving.countDown();
                return ends.server().recv();
            });
            receiving.await();

            ends.server().close();

            assertThatThrownBy(() -> await(recv)).isInstanceOf(ConnectionClosedException.class);
            assertThat(ends.server().isClosed()).isTrue();
        }
    }

    @Test
    void sendingToAPeerThatClosedFailsWithConnectionClosed() {
        try (Listener listener = Transport.UNIX.bind(); Ends ends = connect(listener)) {
            ends.server().close();

            assertThatThrownBy(() -> ends.client().send("anyone there?")).isInstanceOf(ConnectionClosedException.class);
            assertThat(ends.client().isClosed()).as("a failed connection counts as closed").isTrue();
        }
    }

    @Test
    void everyOperationOnAClosedEndSaysItIsClosedAndClosingTwiceIsHarmless() {
        try (Listener listener = Transport.UNIX.bind(); Ends ends = connect(listener)) {
            Connection client = ends.client();
            assertThat(client.isClosed()).isFalse();

            client.close();
            client.close();

            assertThat(client.isClosed()).isTrue();
            assertThatThrownBy(() -> client.send("x")).isInstanceOf(ConnectionClosedException.class);
            assertThatThrownBy(() -> client.sendBytes(new byte[] {1})).isInstanceOf(ConnectionClosedException.class);
            assertThatThrownBy(client::recv).isInstanceOf(ConnectionClosedException.class);
            assertThatThrownBy(client::recvBytes).isInstanceOf(ConnectionClosedException.class);
        }
    }

    @Test
    void pollAndWaitForKeepTheirTimeoutWhileAnotherThreadIsBlockedSendingOnTheSameConnection() {
        byte[] big = new byte[64 << 20];
        try (Listener listener = Transport.UNIX.bind(); Ends ends = connect(listener)) {
            CompletableFuture<Void> sending = async("send", () -> {
                ends.client().sendBytes(big);
                return null;
            });
            assertThat(ends.server().poll(WAIT)).as("the big message has started to arrive").isTrue();
            // Far larger than the socket buffers, so the sender stays blocked until the server reads.

            CompletableFuture<Boolean> poll = async("poll", () -> ends.client().poll(SHORT));
            CompletableFuture<List<Connection>> waitFor = async("waitFor", () -> Connections.waitFor(List.of(ends.client()), SHORT));
            try {
                assertThat(poll).as("poll(%s) on the sending end", SHORT).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(false);
                assertThat(waitFor).as("waitFor(%s) on the sending end", SHORT).succeedsWithin(Duration.ofSeconds(10))
                        .satisfies(ready -> assertThat(ready).isEmpty());
            } finally {
                assertThat(ends.server().recvBytes()).hasSize(big.length);
                await(sending);
            }
        }
    }
}
