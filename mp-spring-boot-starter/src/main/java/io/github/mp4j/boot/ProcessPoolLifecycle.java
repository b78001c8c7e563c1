package io.github.mp4j.boot;

import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.runtime.CurrentProcess;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;

/**
 * Owns the auto-configured {@link ProcessPool}: its workers start with the application context,
 * and when the context closes the pool takes no more work, submitted work gets up to the grace
 * period ({@code mp.shutdown-grace-period}) to finish, and then the pool is terminated, so that no
 * worker outlives the application.
 *
 * <p>It stops in phase {@link #PHASE}: after the web server has finished its requests in flight and
 * stopped (phases {@code DEFAULT_PHASE - 1024} and {@code - 2048}) and after the task executors and
 * schedulers ({@link ExecutorConfigurationSupport#DEFAULT_PHASE}, such as Boot's
 * {@code applicationTaskExecutor}) have let their running tasks finish
 * ({@code spring.lifecycle.timeout-per-shutdown-phase}), so that {@code @Async} work still using
 * the pool finds it open. When the context never got as far as starting (a failed startup),
 * {@link #destroy()} shuts the pool down the same way.
 *
 * <p>The context's shutdown owns the order, also when the JVM exits (SIGTERM, Ctrl-C,
 * {@code System.exit}): the context's shutdown hook closes the pool as above, and mp4j's own exit
 * sequence waits for it ({@link CurrentProcess#atExitFirst}) before it ends any worker or closes
 * any connection. If the context is not being closed within {@link #CLOSE_START_PATIENCE} of the
 * JVM's exit (no shutdown hook was registered), mp4j terminates the pool itself.
 */
public final class ProcessPoolLifecycle implements SmartLifecycle, DisposableBean, ApplicationContextAware,
        ApplicationListener<ContextClosedEvent> {

    /** The shutdown phase: after the web server's graceful shutdown and after the task executors'. */
    public static final int PHASE = ExecutorConfigurationSupport.DEFAULT_PHASE - 1024;

    /** At JVM exit, how long mp4j waits for the context to begin closing before it stops the pool itself. */
    static final Duration CLOSE_START_PATIENCE = Duration.ofSeconds(5);

    private static final Log LOGGER = LogFactory.getLog(ProcessPoolLifecycle.class);

    private final ProcessPool pool;
    private final Duration gracePeriod;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch shutDownDone = new CountDownLatch(1);
    private final Runnable exitRegistration;
    private ApplicationContext context;
    private boolean shutDown;

    /**
     * @param pool the pool, already started
     * @param gracePeriod how long shutdown waits for submitted work before it terminates the pool
     */
    public ProcessPoolLifecycle(ProcessPool pool, Duration gracePeriod) {
        this.pool = pool;
        this.gracePeriod = gracePeriod;
        this.exitRegistration = CurrentProcess.atExitFirst(this::awaitShutdownAtExit);
    }

    /** @return the pool */
    public ProcessPool pool() {
        return pool;
    }

    /** @return how long shutdown waits for submitted work before it terminates the pool */
    public Duration gracePeriod() {
        return gracePeriod;
    }

    @Override
    public void setApplicationContext(ApplicationContext applicationContext) {
        this.context = applicationContext;
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
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() == context) {
            closing.countDown();
        }
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
        try {
            shutDownPool();
        } finally {
            shutDownDone.countDown();
            exitRegistration.run();
        }
    }

    private void shutDownPool() {
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

    /**
     * Runs in mp4j's exit sequence, concurrently with the context's own shutdown hook: returns once
     * the context has shut the pool down, or at once if no one is closing the context.
     */
    private void awaitShutdownAtExit() {
        try {
            if (!closing.await(CLOSE_START_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            while (!shutDownDone.await(1, TimeUnit.SECONDS)) {
                if (context instanceof ConfigurableApplicationContext configurable && !configurable.isActive()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
