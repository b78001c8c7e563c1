package io.github.mp4j.connection;

import static io.github.mp4j.connection.Sockets.WAIT;
import static io.github.mp4j.connection.Sockets.async;
import static io.github.mp4j.connection.Sockets.await;
import static io.github.mp4j.connection.Sockets.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.connection.Sockets.Ends;
import io.github.mp4j.connection.Sockets.Transport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Connections#waitFor} over connections and other waitables (Python's {@code connection.wait}). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WaitTest {

    private static final Duration SHORT = Duration.ofMillis(200);

    @Test
    void returnsExactlyTheConnectionsWithSomethingToReceiveInTheOrderGiven() {
        try (Listener listener = Transport.UNIX.bind(); Ends a = connect(listener); Ends b = connect(listener);
             Ends c = connect(listener)) {
            a.client().send("for a");
            c.client().send("for c");
            assertThat(a.server().poll(WAIT)).isTrue();
            assertThat(c.server().poll(WAIT)).isTrue();

            assertThat(Connections.waitFor(List.of(a.server(), b.server(), c.server()), WAIT))
                    .containsExactly(a.server(), c.server());
            assertThat(Connections.waitFor(List.of(c.server(), b.server(), a.server()), null))
                    .containsExactly(c.server(), a.server());

            assertThat(a.server().<String>recv()).isEqualTo("for a");
            assertThat(Connections.waitFor(List.of(a.server(), b.server(), c.server()), WAIT))
                    .as("after a's message was received")
                    .containsExactly(c.server());
        }
    }

    @Test
    void aMessageThatArrivedTogetherWithThePreviousOneIsReady() {
        try (Listener listener = Transport.UNIX.bind(); Ends a = connect(listener); Ends b = connect(listener)) {
            a.client().send("first");
            a.client().send("second");
            assertThat(a.server().<String>recv()).isEqualTo("first");

            assertThat(Connections.waitFor(List.of(a.server(), b.server()), SHORT)).containsExactly(a.server());
        }
    }

    @Test
    void returnsEmptyOnceTheTimeoutPassesWithNothingReady() {
        try (Listener listener = Transport.UNIX.bind(); Ends a = connect(listener); Ends b = connect(listener)) {
            long start = System.nanoTime();
            List<Connection> ready = Connections.waitFor(List.of(a.server(), b.server()), SHORT);
            long waited = System.nanoTime() - start;

            assertThat(ready).isEmpty();
            assertThat(waited).as("nanoseconds waited").isGreaterThanOrEqualTo(SHORT.toNanos() / 2);
            assertThat(Connections.waitFor(List.of(a.server(), b.server()), Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void wakesUpWhenAMessageArrivesWhileItWaits() {
        try (Listener listener = Transport.UNIX.bind(); Ends a = connect(listener); Ends b = connect(listener)) {
            List<Connection> servers = List.of(a.server(), b.server());
            CompletableFuture<List<Connection>> waiting = async("waitFor", () -> Connections.waitFor(servers, null));

            b.client().send("wake up");

            assertThat(await(waiting)).containsExactly(b.server());
        }
    }

    @Test
    void aConnectionWhosePeerClosedIsReady() {
        try (Listener listener = Transport.UNIX.bind(); Ends a = connect(listener); Ends b = connect(listener)) {
            b.client().close();

            assertThat(Connections.waitFor(List.of(a.server(), b.server()), WAIT)).containsExactly(b.server());
        }
    }

    @Test
    void aWaitableIsReadyOnceItsFutureCompletes() {
        FakeProcess process = new FakeProcess();
        try (Listener listener = Transport.UNIX.bind(); Ends a = connect(listener)) {
            List<Waitable> objects = List.of(a.server(), process);
            assertThat(Connections.waitFor(objects, SHORT)).as("before it exits").isEmpty();

            CompletableFuture<List<Waitable>> waiting = async("waitFor", () -> Connections.waitFor(objects, null));
            process.exit.complete(0);

            assertThat(await(waiting)).containsExactly(process);
        }
    }

    @Test
    void connectionsAndWaitablesThatAreBothReadyAreReturnedTogetherInTheOrderGiven() {
        FakeProcess process = new FakeProcess();
        process.exit.complete(1);
        try (Listener listener = Transport.UNIX.bind(); Ends a = connect(listener)) {
            a.client().send("here");
            assertThat(a.server().poll(WAIT)).isTrue();

            assertThat(Connections.waitFor(List.<Waitable>of(process, a.server()), WAIT)).containsExactly(process, a.server());
        }
    }

    @Test
    void onlyWaitablesReturnTheCompletedOnesOrEmptyAfterTheTimeout() {
        FakeProcess first = new FakeProcess();
        FakeProcess second = new FakeProcess();
        FakeProcess failed = new FakeProcess();

        assertThat(Connections.waitFor(List.of(first, second), SHORT)).isEmpty();

        CompletableFuture<List<FakeProcess>> waiting = async("waitFor", () -> Connections.waitFor(List.of(first, second), null));
        second.exit.complete(0);
        assertThat(await(waiting)).containsExactly(second);

        failed.exit.completeExceptionally(new IllegalStateException("crashed"));
        assertThat(Connections.waitFor(List.of(first, failed), WAIT)).as("a future that failed counts as ready").containsExactly(failed);
    }

    /** A stand-in for a process: ready when it exits. */
    static final class FakeProcess implements Waitable {
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();

        @Override
        public CompletionStage<?> whenReady() {
            return exit;
        }
    }
}
