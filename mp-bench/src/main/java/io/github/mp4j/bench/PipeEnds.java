package io.github.mp4j.bench;

import io.github.mp4j.connection.Connection;
import java.time.Duration;

/** Pipe set-up that the Python suite gets for free. */
final class PipeEnds {

    private PipeEnds() {
    }

    /**
     * Connects an end now, to be run in the child before the clock starts. Python's
     * {@code Pipe()} is connected when it is made; an mp4j pipe end connects lazily, in the
     * process that first uses it, and that set-up must not be timed either.
     *
     * @param end the end this process will use
     * @return nothing of interest (whether a message is already waiting)
     */
    static Object connectNow(Connection end) {
        return end.poll(Duration.ZERO);
    }
}
