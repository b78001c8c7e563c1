package io.github.mp4j.pool.internal;

import io.github.mp4j.pool.PoolClosedException;
import io.github.mp4j.pool.WorkerInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decides which tasks go to which worker, and when (the policy is {@link ChunkCutter}'s). Calls
 * with work ready take turns, weighted by priority; a chunk whose worker died waits in front of them. Every worker's
 * in-flight chunks and counters marked "guarded" in {@link Worker} belong to this scheduler's lock.
 */
final class Scheduler {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Call> calls = new ArrayDeque<>();
    private final ArrayDeque<Chunk> retries = new ArrayDeque<>();
    private final List<Worker> workers = new ArrayList<>();
    private final int maxTasksPerWorker;
    private final ChunkCutter cutter;
    private boolean closing;
    private boolean terminated;

    Scheduler(int plannedWorkers, int maxTasksPerWorker) {
        this.maxTasksPerWorker = maxTasksPerWorker;
        this.cutter = new ChunkCutter(calls, retries, workers, plannedWorkers, maxTasksPerWorker);
    }

    /** @throws PoolClosedException if the pool takes no more work */
    void submit(Call call) {
        lock.lock();
        try {
            if (closing || terminated) {
                throw new PoolClosedException("the pool is " + (terminated ? "terminated" : "closed")
                        + " and takes no more work; create a new pool", null);
            }
            cutter.entered(call);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void added(Worker worker) {
        lock.lock();
        try {
            workers.add(worker);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for chunks this worker may run.
     *
     * @return chunks, now in the worker's in-flight list; {@code null} when the worker should stop
     */
    List<Chunk> take(Worker worker) {
        lock.lock();
        try {
            while (true) {
                if (terminated || worker.gone || worker.timedOut != null) {
                    return null;
                }
                boolean spent = maxTasksPerWorker > 0 && worker.assignedTasks >= maxTasksPerWorker;
                if (spent && worker.inFlight.isEmpty()) {
                    worker.retiring = true;
                    return null;
                }
                List<Chunk> chunks = spent ? List.of() : cutter.cutFor(worker);
                if (!chunks.isEmpty()) {
                    return chunks;
                }
                if (closing && worker.inFlight.isEmpty() && retries.isEmpty() && cutter.noReadyWork()) {
                    worker.retiring = true;
                    return null;
                }
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops a call: no chunk of it is cut or sent again (its chunks waiting to be sent again are
     * dropped), and those workers hold are abandoned.
     *
     * @param interrupt whether the workers running one of its chunks are to be stopped
     * @return the workers to stop (empty without {@code interrupt}); {@code null} if the call was
     *     stopped already
     */
    List<Worker> stop(Call call, boolean interrupt) {
        lock.lock();
        try {
            if (call.stopped) {
                return null;
            }
            call.stopped = true;
            cutter.removed(call);
            retries.removeIf(chunk -> chunk.call == call);
            List<Worker> running = new ArrayList<>();
            for (Worker worker : workers) {
                Chunk head = worker.inFlight.peekFirst();
                if (interrupt && head != null && head.call == call && worker.timedOut == null && !worker.gone) {
                    worker.stoppedForCancel = true;
                    running.add(worker);
                }
            }
            changed.signalAll();
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** @return whether the worker still runs a chunk of this call (it may have finished it since it was asked to stop) */
    boolean runs(Worker worker, Call call) {
        lock.lock();
        try {
            Chunk head = worker.inFlight.peekFirst();
            return head != null && head.call == call;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records a finished chunk.
     *
     * @return the tasks whose results are still to be delivered (all of the chunk's, unless some
     *     were delivered with a progress report); {@code null} if none, or if the chunk was not this
     *     worker's
     */
    Chunk completed(Worker worker, long chunkId, long nanos) {
        lock.lock();
        try {
            Chunk chunk = worker.inFlight.peekFirst();
            if (chunk != null && worker.timedOut == chunk) {
                // too late: its running task is failed as timed out and the rest sent again
                return null;
            }
            if (chunk == null || chunk.id != chunkId) {
                chunk = remove(worker.inFlight, chunkId);
                if (chunk == null) {
                    return null;
                }
            } else {
                worker.inFlight.pollFirst();
            }
            Chunk next = worker.inFlight.peekFirst();
            if (next != null) {
                next.started(System.nanoTime());
            }
            worker.tasksDone += chunk.count;
            cutter.measured(nanos);
            chunk.call.function.measured(nanos, chunk.count);
            chunk.call.measured(nanos, chunk.count);
            chunk.call.tasksHeld -= chunk.count;
            changed.signalAll();
            int from = chunk.received;
            return from == 0 ? chunk : from < chunk.count ? chunk.results(from, chunk.count) : null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records what a worker reported of the chunk it runs: its first {@code done} tasks finished,
     * and the next one has been running for {@code runningNanos}.
     *
     * @return the finished tasks whose results are still to be delivered; {@code null} if none, or
     *     if the chunk is no longer this worker's
     */
    Chunk progressed(Worker worker, long chunkId, int done, long runningNanos) {
        lock.lock();
        try {
            Chunk chunk = worker.inFlight.peekFirst();
            if (chunk == null || chunk.id != chunkId) {
                return null;
            }
            chunk.taskStartedNanos = System.nanoTime() - runningNanos;
            int from = chunk.received;
            if (done <= from) {
                return null;
            }
            chunk.received = done;
            return chunk.results(from, done);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes back everything a worker that stopped held. Of the chunk it was running, only the
     * running task fails (or is retried); results that arrived are kept, and the tasks that had not
     * started are sent again like the chunks queued behind it, none of them counted as retried.
     *
     * Chunks of stopped calls are dropped, and their running task is neither failed nor retried.
     *
     * @return what became of the running task
     */
    Lost lost(Worker worker) {
        lock.lock();
        try {
            workers.remove(worker);
            worker.gone = true;
            Lost lost = new Lost();
            List<Chunk> requeue = new ArrayList<>();
            for (Chunk held : worker.inFlight) {
                held.call.tasksHeld -= held.count;
            }
            Chunk running = worker.inFlight.pollFirst();
            if (running != null && !terminated && running.received < running.count && !running.call.stopped) {
                // the task that was running: the one the worker last reported, or else the first
                // whose result did not arrive; the tasks after it never started
                int task = running.received;
                Chunk culprit = running.part(cutter.nextId(), task, task + 1);
                if (worker.timedOut == running) {
                    lost.timedOut = culprit;
                } else if (worker.stoppedForCancel) {
                    // stopped for a cancelled call just after it had moved on to this chunk:
                    // the task runs again elsewhere, and is not held against its own call
                    requeue.add(culprit);
                } else if (++culprit.attempts <= running.call.settings.retries()) {
                    lost.retried = culprit;
                    requeue.add(culprit);
                } else {
                    lost.failed = culprit;
                }
                if (task + 1 < running.count) {
                    requeue.add(running.part(cutter.nextId(), task + 1, running.count));
                }
            }
            for (Chunk held : worker.inFlight) {
                if (!held.call.stopped) {
                    requeue.add(held);
                }
            }
            worker.inFlight.clear();
            if (!terminated) {
                for (int i = requeue.size() - 1; i >= 0; i--) {
                    this.retries.addFirst(requeue.get(i));
                }
            }
            lost.replace = !terminated && !(closing && noWorkAtAll());
            changed.signalAll();
            return lost;
        } finally {
            lock.unlock();
        }
    }

    /** What a lost worker leaves behind: the task it was running, failed or to run again. */
    static final class Lost {
        Chunk timedOut;
        Chunk failed;
        Chunk retried;
        boolean replace;
    }

    void close() {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** @return the calls and chunks that will never finish now */
    List<Call> terminate() {
        lock.lock();
        try {
            terminated = true;
            closing = true;
            List<Call> pending = new ArrayList<>(calls);
            for (Worker worker : workers) {
                for (Chunk chunk : worker.inFlight) {
                    if (!pending.contains(chunk.call)) {
                        pending.add(chunk.call);
                    }
                }
            }
            for (Chunk chunk : retries) {
                if (!pending.contains(chunk.call)) {
                    pending.add(chunk.call);
                }
            }
            cutter.clear();
            retries.clear();
            changed.signalAll();
            return pending;
        } finally {
            lock.unlock();
        }
    }

    boolean closing() {
        lock.lock();
        try {
            return closing;
        } finally {
            lock.unlock();
        }
    }

    /** @return tasks not started: waiting to be sent, or sent and queued behind a worker's running chunk */
    long tasksPending() {
        lock.lock();
        try {
            long pending = 0;
            for (Call call : calls) {
                pending += call.ready();
            }
            for (Chunk chunk : retries) {
                pending += chunk.count;
            }
            for (Worker worker : workers) {
                for (Chunk chunk : worker.inFlight) {
                    pending += chunk == worker.inFlight.peekFirst() ? 0 : chunk.count;
                }
            }
            return pending;
        } finally {
            lock.unlock();
        }
    }

    /** @return unfinished tasks of the chunks workers run */
    long tasksInFlight() {
        lock.lock();
        try {
            long inFlight = 0;
            for (Worker worker : workers) {
                Chunk running = worker.inFlight.peekFirst();
                inFlight += running == null ? 0 : running.count - running.received;
            }
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    int workersBusy() {
        lock.lock();
        try {
            int busy = 0;
            for (Worker worker : workers) {
                busy += worker.inFlight.isEmpty() ? 0 : 1;
            }
            return busy;
        } finally {
            lock.unlock();
        }
    }

    List<WorkerInfo> workerInfos() {
        lock.lock();
        try {
            List<WorkerInfo> infos = new ArrayList<>();
            for (Worker worker : workers) {
                Chunk running = worker.inFlight.peekFirst();
                infos.add(worker.info(running == null ? 0 : running.startedNanos, running != null));
            }
            return infos;
        } finally {
            lock.unlock();
        }
    }

    /** @return for each worker running a chunk: the chunk, so a watchdog can check its deadline */
    List<RunningChunk> running() {
        lock.lock();
        try {
            List<RunningChunk> running = new ArrayList<>();
            for (Worker worker : workers) {
                Chunk chunk = worker.inFlight.peekFirst();
                if (chunk != null) {
                    running.add(new RunningChunk(worker, chunk));
                }
            }
            return running;
        } finally {
            lock.unlock();
        }
    }

    private boolean noWorkAtAll() {
        if (!retries.isEmpty()) {
            return false;
        }
        for (Call call : calls) {
            if (!call.exhausted()) {
                return false;
            }
        }
        return true;
    }

    private static Chunk remove(ArrayDeque<Chunk> chunks, long id) {
        for (Iterator<Chunk> it = chunks.iterator(); it.hasNext(); ) {
            Chunk chunk = it.next();
            if (chunk.id == id) {
                it.remove();
                return chunk;
            }
        }
        return null;
    }
}
