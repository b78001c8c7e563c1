package io.github.mp4j.pool.internal;

import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.PoolEvent;
import io.github.mp4j.pool.PoolMetrics;
import io.github.mp4j.pool.WorkerInfo;
import io.github.mp4j.runtime.ExitSequence;
import io.github.mp4j.serial.NotSendable;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The pool: puts its parts together and runs its lifecycle. Calls come in through
 * {@link CallIntake}, the {@link Scheduler} gives their chunks to workers, which a
 * {@link WorkerFactory} made for the start method and the {@link Supervisor} starts and replaces;
 * workers report through their {@link WorkerSink}, and {@link Delivery} hands results to calls
 * and events to listeners. A {@link TimeoutWatchdog} runs once a call has a task timeout.
 *
 * <p>At JVM exit, pools still running are terminated in {@link ExitSequence.Step#POOLS}, after
 * owners (a Spring context closing its pool within its grace period) and before children are
 * ended and connections closed, so that no worker is seen to die while its pool still runs.
 */
public final class PoolImpl extends CallIntake implements NotSendable {

    /** Why a pool is not sent to another process, and what to do instead; for cluster pools too. */
    public static final String NOT_SENDABLE = "a ProcessPool belongs to the JVM that created it and cannot be sent to"
            + " another process (Python's Pool cannot be pickled either): send the tasks' inputs instead and let the"
            + " pool's owner submit them, for example through a ProcessQueue or a manager's queue that a thread of"
            + " the owner feeds to the pool; another JVM, on this machine or another, can also create a pool of its own";

    /** The pools of this JVM that were not yet joined after closing: terminated at exit. */
    private static final Set<PoolImpl> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        ExitSequence.add(ExitSequence.Step.POOLS, PoolImpl::terminateAtExit);
    }

    private final PoolConfig config;
    private final Scheduler scheduler;
    private final Counters counters;
    private final PoolEvents events = new PoolEvents();
    private final Supervisor supervisor;
    private final TimeoutWatchdog watchdog;

    /**
     * Starts the pool's workers.
     *
     * @param config the configuration
     * @throws io.github.mp4j.serial.SerializationException if the initializer cannot be sent to worker JVMs
     */
    public PoolImpl(PoolConfig config) {
        this(config, new Scheduler(config.processes(), config.maxTasksPerChild()), WorkerFactory.of(config));
    }

    private PoolImpl(PoolConfig config, Scheduler scheduler, WorkerFactory factory) {
        super(config, scheduler, factory);
        this.config = config;
        this.scheduler = scheduler;
        this.counters = new Counters(scheduler);
        this.supervisor = new Supervisor(config, scheduler, counters, events, new Delivery(counters, events), factory,
                () -> RUNNING.remove(this));
        RUNNING.add(this);
        for (int i = 0; i < config.processes(); i++) {
            supervisor.startWorker();
        }
        this.watchdog = new TimeoutWatchdog(scheduler, () -> scheduler.closing() && supervisor.noneAlive());
        if (!config.taskTimeout().isZero()) {
            watchTaskTimeout(config.taskTimeout().toNanos());
        }
    }

    @Override
    void requireOpen() {
        supervisor.requireOpen();
    }

    @Override
    boolean stop(Call call, RuntimeException why, boolean interrupt) {
        return supervisor.stop(call, why, interrupt);
    }

    @Override
    void track(Call call) {
        counters.calls.increment();
        call.onEnd(counters.calls::decrement);
    }

    @Override
    void watchTaskTimeout(long timeoutNanos) {
        if (watchdog.watch(timeoutNanos)) {
            Thread thread = new Thread(supervisor.guarded(watchdog), config.name() + "-timeout-watchdog");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public void shutdown() {
        scheduler.close();
    }

    @Override
    public void close() {
        shutdown();
        join();
    }

    @Override
    public void terminate() {
        terminate("the pool was terminated before this call finished");
    }

    /** The exit step {@link ExitSequence.Step#POOLS}: pools whose owner did not close them stop now. */
    private static void terminateAtExit() {
        for (PoolImpl pool : RUNNING.toArray(PoolImpl[]::new)) {
            pool.terminate("this process is exiting; the pool was terminated before this call finished");
        }
    }

    private void terminate(String reason) {
        supervisor.terminate(reason);
        join();
    }

    @Override
    public void join() {
        join(null);
    }

    @Override
    public boolean join(Duration timeout) {
        if (!scheduler.closing()) {
            throw new IllegalStateException("the pool is still running: call close() or terminate() before join()");
        }
        return supervisor.join(timeout);
    }

    @Override
    public boolean isClosed() {
        return scheduler.closing();
    }

    @Override
    public PoolConfig config() {
        return config;
    }

    @Override
    public PoolMetrics metrics() {
        return counters;
    }

    @Override
    public List<WorkerInfo> workers() {
        return scheduler.workerInfos();
    }

    @Override
    public void addListener(Consumer<? super PoolEvent> listener) {
        events.add(listener);
    }

    @Override
    public boolean removeListener(Consumer<? super PoolEvent> listener) {
        return events.remove(listener);
    }

    @Override
    public String whyNotSendable() {
        return NOT_SENDABLE;
    }

    @Override
    public String toString() {
        return "ProcessPool[" + config.name() + ", " + supervisor.alive() + " workers, " + config.startMethod() + "]";
    }
}
