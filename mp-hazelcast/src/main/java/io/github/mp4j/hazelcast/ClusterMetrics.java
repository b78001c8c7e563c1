package io.github.mp4j.hazelcast;

import io.github.mp4j.pool.PoolMetrics;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * A {@link ClusterPool}'s counters, seen from the caller: a "worker" is a worker of a member's
 * local pool, a byte is a byte of a chunk or reply, and task time is measured on the members.
 */
final class ClusterMetrics implements PoolMetrics {

    final LongAdder pending = new LongAdder();
    final LongAdder inFlight = new LongAdder();
    final LongAdder completed = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder retried = new LongAdder();
    final LongAdder timedOut = new LongAdder();
    final LongAdder calls = new LongAdder();
    final LongAdder membersJoined = new LongAdder();
    final LongAdder membersLost = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder received = new LongAdder();
    /** Executor messages sent to members (each carries one or more chunks); not a public metric. */
    final LongAdder messages = new LongAdder();
    final LongAdder taskNanos = new LongAdder();
    private final IntSupplier alive;
    private final IntSupplier busy;

    ClusterMetrics(IntSupplier alive, IntSupplier busy) {
        this.alive = alive;
        this.busy = busy;
    }

    @Override
    public long tasksPending() {
        return pending.sum();
    }

    @Override
    public long tasksInFlight() {
        return inFlight.sum();
    }

    @Override
    public long tasksCompleted() {
        return completed.sum();
    }

    @Override
    public long tasksFailed() {
        return failed.sum();
    }

    @Override
    public long tasksRetried() {
        return retried.sum();
    }

    @Override
    public long tasksTimedOut() {
        return timedOut.sum();
    }

    @Override
    public long callsInFlight() {
        return calls.sum();
    }

    @Override
    public int workersAlive() {
        return alive.getAsInt();
    }

    @Override
    public int workersBusy() {
        return busy.getAsInt();
    }

    /** @return members' workers seen joining: a member counts with all its workers */
    @Override
    public long workersStarted() {
        return membersJoined.sum();
    }

    /** @return members' workers lost with their member while the pool was open */
    @Override
    public long workersCrashed() {
        return membersLost.sum();
    }

    @Override
    public long workersRecycled() {
        return 0;
    }

    @Override
    public long bytesSent() {
        return sent.sum();
    }

    @Override
    public long bytesReceived() {
        return received.sum();
    }

    @Override
    public long taskNanosTotal() {
        return taskNanos.sum();
    }
}
