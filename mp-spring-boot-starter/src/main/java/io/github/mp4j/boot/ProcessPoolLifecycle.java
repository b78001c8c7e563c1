package io.github.mp4j.boot;

import io.github.mp4j.pool.ProcessPool;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Owns the auto-configured {@link ProcessPool}: its workers start with the application context,
 * and when the context closes the pool takes no more work, submitted work gets up to the grace
 * period ({@code mp.shutdown-grace-period}) to finish, and then the pool is terminated, so that no
 * worker outlives the application.
 *
 * <p>It stops in phase {@link #PHASE}, after the web server has finished its requests in flight and
 * stopped (phases {@code DEFAULT_PHASE - 1024} and {@code - 2048}) and after executors of the
 * default phase, so work they still submit finds the pool open. When the context never got as far
 * as starting (a failed startup), {@link #destroy()} shuts the pool down the same way.
 */
public final class ProcessPoolLifecycle implements SmartLifecycle, DisposableBean {

    /** The shutdown phase: after the web server's and default-phase executors' graceful shutdown. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Log LOGGER = LogFactory.getLog(ProcessPoolLifecycle.class);

    private final ProcessPool pool;
    private final Duration gracePeriod;
    private boolean shutDown;

    /**
     * @param pool the pool, already started
     * @param gracePeriod how long shutdown waits for submitted work before it terminates the pool
     */
    public ProcessPoolLifecycle(ProcessPool pool, Duration gracePeriod) {
        this.pool = pool;
        this.gracePeriod = gracePeriod;
    }

    /** @return the pool */
    public ProcessPool pool() {
        return pool;
    }

    /** @return how long shutdown waits for submitted work before it terminates the pool */
    public Duration gracePeriod() {
        return gracePeriod;
    }

    /** The workers started when the pool was created, before any bean could use it. */
    @Override
    public void start() {
    }

    /** Shuts the pool down: a pool cannot restart, so a later {@link #start()} leaves it closed. */
    @Override
    public void stop() {
        shutDown();
    }

    @Override
    public boolean isRunning() {
        return !pool.isClosed();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public void destroy() {
        shutDown();
    }

    private synchronized void shutDown() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        pool.shutdown();
        try {
            if (pool.join(gracePeriod)) {
                return;
            }
            LOGGER.warn("Terminating " + pool + ": its submitted work did not finish within the shutdown grace period of "
                    + gracePeriod + " (mp.shutdown-grace-period)");
        } catch (RuntimeException e) {
            LOGGER.warn("Terminating " + pool + ": waiting for its submitted work failed", e);
        }
        pool.terminate();
    }
}
