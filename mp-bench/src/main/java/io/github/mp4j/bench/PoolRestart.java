package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.WorkerInfo;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code pool_restart_ms}: a pool of two workers created right after an equal one closed, with reusable workers. */
final class PoolRestart {

    private static final String NOTE = """
            Pool(2) with reuseWorkers(30 s) is created, used (apply(noop)) and closed; then, not timed
            until here, an equal Pool(2) is created: ms from its construction to its first result of
            apply(noop), as pool_startup_ms. reused_workers: how many of its workers are the first
            pool's JVMs (2 when reuse works); all_ready_ms: until neither worker is still starting.
            Python's row (python_extra_bench.py) is its pool_startup_ms right after a pool closed.""";

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(30);

    private PoolRestart() {
    }

    static void run(Suite suite) throws Exception {
        try {
            suite.bench("pool_restart_ms", "ms", Better.LOWER, NOTE, PoolRestart::once);
        } finally {
            ProcessPool.closeIdleWorkers();
        }
    }

    private static Measurement once() {
        ProcessPool first = create();
        first.apply(Tasks::noop);
        Set<Long> firstPids = pids(first);
        first.close();

        long t0 = System.nanoTime();
        ProcessPool pool = create();
        long t1;
        long t2;
        try {
            pool.apply(Tasks::noop);
            t1 = System.nanoTime();
            while (pool.workers().stream().anyMatch(worker -> "starting".equals(worker.state()))) {
                Thread.onSpinWait();
            }
            t2 = System.nanoTime();
        } catch (RuntimeException | Error e) {
            pool.terminate();
            throw e;
        }
        Set<Long> pids = pids(pool);
        pool.close();
        long reused = pids.stream().filter(firstPids::contains).count();
        check(pids.size() == Pools.PROCESSES, "the pool has " + pids.size() + " workers");
        return Measurement.of((t1 - t0) / 1e6, Map.of("reused_workers", reused, "all_ready_ms", (Math.max(t1, t2) - t0) / 1e6));
    }

    private static ProcessPool create() {
        return ProcessPool.create(PoolConfig.custom().processes(Pools.PROCESSES).reuseWorkers(KEEP_ALIVE).build());
    }

    private static Set<Long> pids(ProcessPool pool) {
        return pool.workers().stream().map(WorkerInfo::pid).collect(Collectors.toSet());
    }
}
