package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.pool.AsyncResult;
import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.ProcessPool;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code pool_small_behind_big_ms}: how long a small call waits behind a big one (mp4j only:
 * Python's pool serves calls first come, first served).
 */
final class PoolSmallBehindBig {

    private static final int BIG = 1_000_000;
    private static final int SMALL = 10;
    private static final String NOTE = """
            Starts map(cube, range(1_000_000)) on Pool(2), waits until its first tasks are done, then times \
            mapAsync(cube, range(10)).get(), labelled apart, while the big map still runs (checked); the big map is \
            then cancelled. Milliseconds from submitting the small call to its results.""";

    private PoolSmallBehindBig() {
    }

    static void run(Suite suite) throws Exception {
        Pools.with(pool -> suite.bench("pool_small_behind_big_ms", "ms", Better.LOWER, NOTE, () -> once(pool)));
    }

    private static Measurement once(ProcessPool pool) {
        AsyncResult<List<Long>> big = pool.mapAsync(Tasks::cube, IntRange.of(0, BIG), CallOptions.labelled("big"));
        try {
            while (big.progress().done() == 0) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
            }
            long t0 = System.nanoTime();
            List<Long> small = pool.mapAsync(Tasks::cube, IntRange.of(0, SMALL), CallOptions.labelled("small")).get();
            double millis = (System.nanoTime() - t0) / 1e6;
            check(small.size() == SMALL && small.get(SMALL - 1) == Tasks.cube(SMALL - 1), "results of the small call");
            check(!big.ready(), "the big call still running when the small one finished");
            return Measurement.of(millis);
        } finally {
            big.cancel();
        }
    }
}
