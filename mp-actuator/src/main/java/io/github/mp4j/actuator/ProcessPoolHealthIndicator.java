package io.github.mp4j.actuator;

import io.github.mp4j.pool.PoolMetrics;
import io.github.mp4j.pool.ProcessPool;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * A pool is up while it takes work and has at least one worker running; it is down once closed or
 * terminated, or when every worker is gone (they keep dying at startup, for instance). Details:
 * {@code workersAlive}, {@code processes} (the configured number), {@code tasksPending},
 * {@code tasksInFlight}.
 */
public final class ProcessPoolHealthIndicator implements HealthIndicator {

    private final ProcessPool pool;

    /** @param pool the pool to watch */
    public ProcessPoolHealthIndicator(ProcessPool pool) {
        this.pool = pool;
    }

    @Override
    public Health health() {
        PoolMetrics metrics = pool.metrics();
        int alive = metrics.workersAlive();
        Health.Builder health = alive >= 1 && !pool.isClosed() ? Health.up() : Health.down();
        return health.withDetail("workersAlive", alive)
                .withDetail("processes", pool.config().processes())
                .withDetail("tasksPending", metrics.tasksPending())
                .withDetail("tasksInFlight", metrics.tasksInFlight())
                .build();
    }
}
