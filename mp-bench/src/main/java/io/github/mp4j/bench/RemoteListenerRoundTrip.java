package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.Client;
import io.github.mp4j.connection.Connection;
import io.github.mp4j.connection.Listener;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * {@code remote_listener_roundtrip_us}: latency of one small message there and back over TCP
 * loopback, between a {@code Listener} and a {@code Client} in another JVM. The hook for the
 * remote workloads: the integrator adds {@code remote_manager_dict_ops_per_s} beside it.
 */
final class RemoteListenerRoundTrip {

    private static final String NOTE = """
            Ping-pong of the small message Arrays.asList(1, 2.5, "ping") between Listener.bind(tcp:127.0.0.1:0, key)
            in the parent and Client.connect(address, key) in a child JVM, 20_000 times, the child echoing each
            message (Python: multiprocessing.connection.Listener/Client on ('127.0.0.1', 0) with an authkey).
            The timed part includes the child's connect and the mutual HMAC handshake (a few ms, once).
            Without TLS; a TCP peer's objects are decoded through the allow-list. Result is us per round trip.""";

    private static final byte[] KEY = "mp4j bench remote key 0123456789".getBytes(StandardCharsets.US_ASCII);

    private RemoteListenerRoundTrip() {
    }

    static void run(Suite suite) throws Exception {
        suite.bench("remote_listener_roundtrip_us", "us", Better.LOWER, NOTE, RemoteListenerRoundTrip::once);
    }

    private static Measurement once() throws Exception {
        int n = Sizes.PIPE_ROUNDTRIPS;
        List<Object> message = Arrays.asList(1, 2.5, "ping");
        TimedRun<Object> run;
        try (Listener listener = Listener.bind(Address.tcp("127.0.0.1", 0), KEY)) {
            String address = listener.address().toString();
            byte[] key = KEY.clone();
            run = TimedChildren.of(() -> echo(address, key, n))
                    .parentWork(() -> ping(listener, message, n))
                    .run();
        }
        check(message.equals(run.parentResult()), "reply " + run.parentResult());
        return Measurement.of(run.seconds() / n * 1e6);
    }

    private static Object echo(String address, byte[] key, int count) {
        try (Connection connection = Client.connect(Address.parse(address), key)) {
            for (int i = 0; i < count; i++) {
                connection.send(connection.recv());
            }
        }
        return null;
    }

    private static Object ping(Listener listener, Object message, int count) {
        try (Connection connection = listener.accept()) {
            Object reply = null;
            for (int i = 0; i < count; i++) {
                connection.send(message);
                reply = connection.recv();
            }
            return reply;
        }
    }
}
