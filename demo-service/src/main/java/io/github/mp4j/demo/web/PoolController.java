package io.github.mp4j.demo.web;

import io.github.mp4j.pool.PoolMetrics;
import io.github.mp4j.pool.ProcessPool;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/pool}: the pool's live counters in one small document, polled by the web page. */
@RestController
public class PoolController {

    private final ProcessPool pool;

    /** @param pool the application's pool */
    public PoolController(ProcessPool pool) {
        this.pool = pool;
    }

    @GetMapping("/api/pool")
    PoolStats stats() {
        PoolMetrics m = pool.metrics();
        return new PoolStats(System.currentTimeMillis(), pool.config().name(), pool.config().processes(), m.tasksPending(),
                m.tasksInFlight(), m.tasksCompleted(), m.tasksFailed(), m.tasksRetried(), m.workersAlive(), m.workersBusy(),
                m.workersCrashed());
    }
}
