package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.Mp;
import io.github.mp4j.connection.Connection;
import io.github.mp4j.connection.Pipe;

/** {@code pipe_bytes_1mib_mb_per_s}: raw byte throughput of a pipe. */
final class PipeBytes {

    private static final String NOTE = """
            A child sends 500 blocks of 1 MiB with sendBytes() over a duplex Mp.pipe(); the parent reads
            them with recvBytes(). MB/s with MB = MiB. The child connects its end before the clock starts
            (Python's Pipe() is connected when made).""";

    private PipeBytes() {
    }

    static void run(Suite suite) throws Exception {
        suite.bench("pipe_bytes_1mib_mb_per_s", "MB/s", Better.HIGHER, NOTE, PipeBytes::once);
    }

    private static Measurement once() throws Exception {
        int n = Sizes.PIPE_BLOCKS;
        TimedRun<Long> run;
        try (Pipe pipe = Mp.pipe()) {
            Connection parentEnd = pipe.left();
            Connection childEnd = pipe.right();
            run = TimedChildren.of(() -> sendBlocks(childEnd, Sizes.BLOCK_SIZE, n))
                    .prepare(() -> PipeEnds.connectNow(childEnd))
                    .parentWork(() -> receive(parentEnd, n))
                    .run();
        }
        long received = run.parentResult();
        check(received == (long) n * Sizes.BLOCK_SIZE, "received " + received + " bytes");
        return Measurement.of(received / (double) Sizes.MB / run.seconds());
    }

    private static Object sendBlocks(Connection connection, int size, int count) {
        byte[] block = new byte[size];
        for (int i = 0; i < count; i++) {
            connection.sendBytes(block);
        }
        return null;
    }

    private static long receive(Connection connection, int count) {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += connection.recvBytes().length;
        }
        return total;
    }
}
