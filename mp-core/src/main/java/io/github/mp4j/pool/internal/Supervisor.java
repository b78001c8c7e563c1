package io.github.mp4j.pool.internal;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.pool.PoolClosedException;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.PoolEvent;
import io.github.mp4j.pool.TaskTimeoutException;
import io.github.mp4j.pool.WorkerDiedException;
import io.github.mp4j.process.ExitCodes;
import io.github.mp4j.runtime.ExitSequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Starts the pool's workers, replaces those that die or retire, and decides what becomes of the
 * tasks a lost worker held. It also knows when the pool cannot go on: its initializer failed,
 * workers keep dying before they are ready, or one of its threads failed; then calls are refused.
 *
 * <p>A pool that is shutting down (closed, terminated, or its JVM exiting) replaces no worker: a
 * worker that exits then was most likely stopped by the shutdown, and a replacement would only
 * die the same way. Its work goes to the workers left; when none is left, it fails with
 * {@link PoolClosedException}.
 */
final class Supervisor {

    private static final System.Logger LOG = System.getLogger(Supervisor.class.getName());
    /** A pool gives up replacing workers that die before they become ready this many times in a row. */
    private static final int MAX_STARTUP_FAILURES = 3;

    private final PoolConfig config;
    private final Scheduler scheduler;
    private final Counters counters;
    private final PoolEvents events;
    private final WorkerFactory factory;
    private final WorkerSink sink;
    private final Runnable allGone;
    private final AtomicInteger workerNumbers = new AtomicInteger();
    private final Set<Worker> live = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final Condition allExited = lifecycle.newCondition();
    private int startupFailures;
    private volatile String brokenBecause;
    private volatile Throwable brokenCause;
    /** Set by {@link #terminate}: workers exit because they are killed, not because they crashed. */
    private volatile String terminatedBecause;

    /**
     * @param allGone run when the last worker of a closed pool exited
     */
    Supervisor(PoolConfig config, Scheduler scheduler, Counters counters, PoolEvents events, Delivery delivery,
               WorkerFactory factory, Runnable allGone) {
        this.config = config;
        this.scheduler = scheduler;
        this.counters = counters;
        this.events = events;
        this.factory = factory;
        this.allGone = allGone;
        this.sink = new PoolSide(scheduler, delivery, counters, this);
    }

    void startWorker() {
        String name = config.name() + "-worker-" + workerNumbers.incrementAndGet();
        Worker worker = factory.create(name, sink);
        live.add(worker);
        scheduler.added(worker);
        counters.started.increment();
        counters.alive.incrementAndGet();
        try {
            worker.start();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot start " + name + ": " + e.getMessage(), e);
            exited(worker, ExitCodes.UNKNOWN);
        }
    }

    /** @throws PoolClosedException if the pool cannot run tasks any more */
    void requireOpen() {
        String broken = brokenBecause;
        if (broken != null) {
            throw new PoolClosedException(broken, brokenCause);
        }
    }

    /** @return whether no worker is left */
    boolean noneAlive() {
        return live.isEmpty();
    }

    /** @return how many workers are alive */
    int alive() {
        return live.size();
    }

    void ready(Worker worker) {
        lifecycle.lock();
        try {
            startupFailures = 0;
        } finally {
            lifecycle.unlock();
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "worker " + worker.name + " (pid " + worker.pid + ") is ready");
        if (events.heard()) {
            events.publish(new PoolEvent.WorkerStarted(worker.info(0, false)));
        }
    }

    void initializerFailed(Worker worker, Throwable error) {
        brokenBecause = "the pool's initializer failed in " + worker.name + ", so the pool cannot run tasks: " + error;
        LOG.log(System.Logger.Level.WARNING, brokenBecause, error);
    }

    void exited(Worker worker, int exitCode) {
        live.remove(worker);
        counters.alive.decrementAndGet();
        Scheduler.Lost lost = scheduler.lost(worker);
        boolean shuttingDown = scheduler.closing() || ExitSequence.isRunning();
        boolean crashed = !worker.retiring && !worker.stoppedForCancel && terminatedBecause == null;
        boolean recycled = worker.retiring && !shuttingDown;
        if (crashed) {
            counters.crashed.increment();
        }
        if (recycled) {
            counters.recycled.increment();
        }
        boolean replace = lost.replace && !shuttingDown && (crashed || recycled || worker.stoppedForCancel) && brokenBecause == null
                && !giveUpAfter(worker, exitCode);
        failLostTasks(worker, exitCode, lost, replace);
        LOG.log(System.Logger.Level.DEBUG, () -> "worker " + worker.name + " (pid " + worker.pid + ") "
                + describeExit(worker, exitCode) + (crashed ? ", unexpectedly" : recycled ? ", recycled" : "")
                + (replace ? "; replacing it" : ""));
        if (events.heard()) {
            events.publish(new PoolEvent.WorkerExited(worker.info(0, false), exitCode, crashed, describeExit(worker, exitCode)));
        }
        if (replace) {
            startWorker();
        }
        signalIfAllExited();
        if (live.isEmpty() && (shuttingDown || brokenBecause != null)) {
            abortAll(new PoolClosedException(lastWorkerGone(worker, exitCode, crashed), null));
        }
        if (live.isEmpty() && scheduler.closing()) {
            allGone.run();
        }
    }

    private void failLostTasks(Worker worker, int exitCode, Scheduler.Lost lost, boolean replace) {
        if (lost.timedOut != null) {
            counters.timedOut.add(lost.timedOut.count);
            counters.failed.add(lost.timedOut.count);
            Duration timeout = Duration.ofNanos(lost.timedOut.call.settings.taskTimeoutNanos());
            lost.timedOut.call.failed(lost.timedOut, new TaskTimeoutException(lost.timedOut.describe() + " ran longer than the"
                    + " task timeout of " + timeout + " per task; worker " + worker.name + " (pid " + worker.pid
                    + ") was killed" + (replace ? " and replaced" : ""), null));
        }
        if (lost.failed != null) {
            counters.failed.add(lost.failed.count);
            lost.failed.call.failed(lost.failed, new WorkerDiedException("worker " + worker.name + " (pid " + worker.pid + ") "
                    + describeExit(worker, exitCode) + " while running " + lost.failed.describe()
                    + (replace ? "; the pool replaced it" : "")
                    + (lost.failed.call.settings.retries() == 0 ? ". Set retries to run such tasks again on another worker" : " (tried "
                    + lost.failed.attempts + " times)"), null));
        }
        if (lost.retried != null) {
            counters.retried.add(lost.retried.count);
        }
    }

    private String lastWorkerGone(Worker worker, int exitCode, boolean crashed) {
        return brokenBecause != null ? brokenBecause : terminatedBecause != null ? terminatedBecause
                : crashed ? "the pool was shutting down when its last worker, " + worker.name + " (pid " + worker.pid
                + "), " + describeExit(worker, exitCode) + "; a pool that is shutting down starts no new workers"
                : "the pool was closed before this call finished (an imap whose results were not all taken?)";
    }

    private void signalIfAllExited() {
        lifecycle.lock();
        try {
            if (live.isEmpty()) {
                allExited.signalAll();
            }
        } finally {
            lifecycle.unlock();
        }
    }

    /** @return whether workers now exit because the pool is terminated or its JVM is exiting, not because they crashed */
    boolean stopsWorkers() {
        return terminatedBecause != null || ExitSequence.isRunning();
    }

    private boolean giveUpAfter(Worker worker, int exitCode) {
        if (worker.ready) {
            return false;
        }
        lifecycle.lock();
        try {
            if (++startupFailures < MAX_STARTUP_FAILURES) {
                return false;
            }
        } finally {
            lifecycle.unlock();
        }
        brokenBecause = MAX_STARTUP_FAILURES + " workers in a row died before they were ready (the last one "
                + describeExit(worker, exitCode) + "); check the JVM options and the worker output above";
        LOG.log(System.Logger.Level.WARNING, brokenBecause);
        return true;
    }

    /** How a worker ended: what it told the pool itself (a task's {@code System.exit}), or else its exit code. */
    private static String describeExit(Worker worker, int exitCode) {
        if (exitCode >= 0 && worker.taskCalledExit) {
            return "exited because a task called System.exit(" + exitCode + ") (exit code " + exitCode + ")";
        }
        return ExitCodes.describe(exitCode);
    }

    /**
     * @return the loop of one of the pool's own threads, made to stop the pool if it fails (see
     *     {@link #threadFailed})
     */
    Runnable guarded(Runnable loop) {
        return () -> {
            try {
                loop.run();
            } catch (Throwable t) {
                threadFailed(t);
            }
        };
    }

    /**
     * Stops the pool because the calling thread, one of the pool's own (a worker's sender or
     * receiver, a thread worker, the timeout watchdog), failed with what it cannot handle, an
     * {@link Error} included. Left to die alone, the thread would take the pool's dispatch or its
     * results with it and every call would hang: instead every pending and running call fails
     * with a {@link PoolClosedException} naming the cause, and every worker is stopped.
     */
    void threadFailed(Throwable cause) {
        String why = "pool " + config.name() + " stopped: its " + Thread.currentThread().getName() + " thread failed: " + cause;
        lifecycle.lock();
        try {
            if (brokenBecause == null) {
                brokenCause = cause;
                brokenBecause = why;
            }
        } finally {
            lifecycle.unlock();
        }
        LOG.log(System.Logger.Level.ERROR, why, cause);
        abortAll(new PoolClosedException(why, cause));
        killAll();
    }

    /**
     * Stops one call (cancelled, or past its call timeout): its chunks are dropped or abandoned,
     * it fails with {@code why}, and with {@code interrupt} the workers running its chunks are
     * killed; they are replaced, and not counted as crashed.
     *
     * @return whether this stopped it
     */
    boolean stop(Call call, RuntimeException why, boolean interrupt) {
        List<Worker> running = scheduler.stop(call, interrupt);
        if (running == null) {
            return false;
        }
        call.abort(why);
        for (Worker worker : running) {
            if (scheduler.runs(worker, call)) {
                LOG.log(System.Logger.Level.DEBUG, "stopping worker " + worker.name + ": " + call.describe() + " was stopped");
                worker.kill();
            } else {
                // it finished the call's chunk meanwhile and took other work: it stays
                worker.stoppedForCancel = false;
            }
        }
        return true;
    }

    /** Fails every pending and running call with {@code reason} and kills every worker. */
    void terminate(String reason) {
        terminatedBecause = reason;
        abortAll(new PoolClosedException(reason, null));
        killAll();
    }

    private void abortAll(RuntimeException why) {
        for (Call call : scheduler.terminate()) {
            call.abort(why);
        }
    }

    private void killAll() {
        for (Worker worker : new ArrayList<>(live)) {
            worker.kill();
        }
    }

    /**
     * @param timeout how long to wait, or {@code null} for as long as it takes
     * @return whether every worker exited in time
     * @throws MpInterruptedException if the calling thread is interrupted while it waits
     */
    boolean join(Duration timeout) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        lifecycle.lock();
        try {
            while (!live.isEmpty()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                allExited.awaitNanos(Math.min(remaining, TimeUnit.SECONDS.toNanos(1)));
            }
            return true;
        } catch (InterruptedException e) {
            throw new MpInterruptedException("the workers of pool " + config.name() + " to exit", e);
        } finally {
            lifecycle.unlock();
        }
    }
}
