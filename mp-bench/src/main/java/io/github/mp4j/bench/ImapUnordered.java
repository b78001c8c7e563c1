package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.ResultIterator;
import java.math.BigInteger;

/** {@code imap_unordered_tasks_per_s}: a lazily read input, results taken as they finish. */
final class ImapUnordered {

    private static final String NOTE = """
            Consumes all of imapUnordered(cube, an iterator over range(1, 200_001), chunkSize 256) on
            Pool(2), summing the results.""";

    private ImapUnordered() {
    }

    static void run(Suite suite) throws Exception {
        Pools.with(pool -> suite.bench("imap_unordered_tasks_per_s", "tasks/s", Better.HIGHER, NOTE, () -> once(pool)));
    }

    private static Measurement once(ProcessPool pool) {
        int n = Sizes.IMAP_N;
        BigInteger expected = CubeSum.expected(n);
        double seconds;
        CubeSum total = new CubeSum();
        long t0 = System.nanoTime();
        try (ResultIterator<Long> results = pool.imapUnordered(Tasks::cube, IntRange.of(1, n + 1).iterator(), Sizes.IMAP_CHUNKSIZE)) {
            while (results.hasNext()) {
                total.add(results.next());
            }
            seconds = (System.nanoTime() - t0) / 1e9;
        }
        check(total.value().equals(expected), "sum of cubes");
        return Measurement.of(n / seconds);
    }
}
