package io.github.mp4j.pool.internal;

import io.github.mp4j.pool.WorkerInfo;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * One worker of a pool, whatever runs it (a JVM or a thread): the chunks it holds, in the order
 * it runs them, and its counters. Fields marked "guarded" belong to the {@link Scheduler}'s lock.
 */
abstract class Worker {

    final String name;
    final Instant startedAt = Instant.now();
    /** Guarded: chunks sent and not yet finished, the first one running. */
    final ArrayDeque<Chunk> inFlight = new ArrayDeque<>();
    /** Guarded: tasks given to this worker so far. */
    long assignedTasks;
    volatile long pid;
    volatile long tasksDone;
    volatile boolean ready;
    /** Set when the chunk it runs exceeded the task timeout and the worker is being stopped. */
    volatile Chunk timedOut;
    /** Set when the worker is stopped on purpose (recycling, pool shutdown), not crashed. */
    volatile boolean retiring;
    /**
     * Set when the worker is stopped because the call whose chunk it ran was cancelled with
     * interruption: it is replaced, and does not count as crashed.
     */
    volatile boolean stoppedForCancel;
    /** Set when a task called {@code System.exit}: the worker said so as its JVM shut down. */
    volatile boolean taskCalledExit;
    /** Guarded: set once the pool has taken back this worker's chunks; it gets no more. */
    boolean gone;

    Worker(String name) {
        this.name = name;
    }

    /** Starts the worker; it reports to the pool when it is ready and when it exits. */
    abstract void start();

    /** Stops the worker at once; the pool is told it exited. */
    abstract void kill();

    /**
     * Called by the task-timeout watchdog for the chunk this worker runs: a worker that does not
     * report its progress itself updates {@link Chunk#taskStartedNanos} here.
     */
    void sample(Chunk running, long now) {
    }

    /** @return a snapshot of this worker, given when its running chunk started ({@code busy}) */
    WorkerInfo info(long headStartedNanos, boolean busy) {
        Instant current = busy ? Instant.now().minusNanos(System.nanoTime() - headStartedNanos) : null;
        String state = !ready ? "starting" : retiring ? "stopping" : busy ? "busy" : "idle";
        return new WorkerInfo(name, pid, state, startedAt, tasksDone, current);
    }
}
