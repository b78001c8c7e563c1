package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.pool.AsyncResult;
import io.github.mp4j.pool.ProcessPool;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** {@code apply_async_tasks_per_s}: one task per call, many calls in flight. */
final class ApplyAsync {

    private static final String NOTE = """
            Submits 10_000 applyAsync(cube, i) calls, then calls get() on every result, on Pool(2).""";

    private ApplyAsync() {
    }

    static void run(Suite suite) throws Exception {
        Pools.with(pool -> suite.bench("apply_async_tasks_per_s", "tasks/s", Better.HIGHER, NOTE, () -> once(pool)));
    }

    private static Measurement once(ProcessPool pool) {
        int n = Sizes.APPLY_ASYNC_N;
        BigInteger expected = CubeSum.expected(n);
        long t0 = System.nanoTime();
        List<AsyncResult<Long>> handles = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            handles.add(pool.applyAsync(Tasks::cube, i));
        }
        CubeSum total = new CubeSum();
        for (AsyncResult<Long> handle : handles) {
            total.add(handle.get());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        check(total.value().equals(expected), "sum of cubes");
        return Measurement.of(n / seconds);
    }
}
