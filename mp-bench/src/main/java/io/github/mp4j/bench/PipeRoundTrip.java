package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.Mp;
import io.github.mp4j.connection.Connection;
import io.github.mp4j.connection.Pipe;
import java.util.Arrays;
import java.util.List;

/** {@code pipe_roundtrip_us}: latency of one small message there and back. */
final class PipeRoundTrip {

    private static final String NOTE = """
            Ping-pong of the small message Arrays.asList(1, 2.5, "ping") (Python's tuple (1, 2.5, 'ping'))
            over a duplex Mp.pipe(), 20_000 times, with send()/recv() on both ends and the child echoing
            each message. Result is us per round trip. The child connects its end before the clock starts
            (Python's Pipe() is connected when made).""";

    private PipeRoundTrip() {
    }

    static void run(Suite suite) throws Exception {
        suite.bench("pipe_roundtrip_us", "us", Better.LOWER, NOTE, PipeRoundTrip::once);
    }

    private static Measurement once() throws Exception {
        int n = Sizes.PIPE_ROUNDTRIPS;
        List<Object> message = Arrays.asList(1, 2.5, "ping");
        TimedRun<Object> run;
        try (Pipe pipe = Mp.pipe()) {
            Connection parentEnd = pipe.left();
            Connection childEnd = pipe.right();
            run = TimedChildren.of(() -> echo(childEnd, n))
                    .prepare(() -> PipeEnds.connectNow(childEnd))
                    .parentWork(() -> ping(parentEnd, message, n))
                    .run();
        }
        check(message.equals(run.parentResult()), "reply " + run.parentResult());
        return Measurement.of(run.seconds() / n * 1e6);
    }

    private static Object echo(Connection connection, int count) {
        for (int i = 0; i < count; i++) {
            connection.send(connection.recv());
        }
        return null;
    }

    private static Object ping(Connection connection, Object message, int count) {
        Object reply = null;
        for (int i = 0; i < count; i++) {
            connection.send(message);
            reply = connection.recv();
        }
        return reply;
    }
}
