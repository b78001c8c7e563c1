package io.github.mp4j.pool.internal;

import io.github.mp4j.pool.PoolClosedException;
import io.github.mp4j.pool.WorkerInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decides which tasks go to which worker, and when. Calls wait in submission order; a chunk
 * whose worker died waits in front of them. A worker takes chunks only while it holds fewer than
 * its in-flight limit:
 * <ul>
 *   <li>A call is measured by its own chunks. Until the first of them finished, a worker holds at
 *       most one chunk of it, of a size its function's earlier calls suggest but at most a quarter
 *       of a worker's share: the same function may take microseconds on one call's items and
 *       seconds on the next one's, and a worker must not hold tasks while another is idle.</li>
 *   <li>The limit adapts to measured chunk times: chunks that take microseconds are sent many at
 *       a time so workers never wait for the next one; chunks that take long are sent one at a
 *       time, so no task waits behind a slow one while another worker is idle.</li>
 *   <li>The chunk size of an automatic call adapts too: enough tasks for about
 *       {@value #TARGET_CHUNK_MILLIS} ms of work, never more than a quarter of a worker's share
 *       of what remains (Python's balance rule), starting small and doubling until task times are
 *       known. Towards the end of a call the balance rule would shrink chunks to single tasks, a
 *       round trip each; they stay at about {@value #MIN_CHUNK_MICROS} µs of work instead, which
 *       is as much as the last chunk can keep one worker busy while another waits.</li>
 * </ul>
 */
final class Scheduler {

    static final long TARGET_CHUNK_MILLIS = 10;
    private static final long TARGET_CHUNK_NANOS = TimeUnit.MILLISECONDS.toNanos(TARGET_CHUNK_MILLIS);
    static final long MIN_CHUNK_MICROS = 1000;
    private static final long MIN_CHUNK_NANOS = TimeUnit.MICROSECONDS.toNanos(MIN_CHUNK_MICROS);
    private static final long PREFETCH_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int MAX_IN_FLIGHT = 256;
    /**
     * Chunks longer than this are queued behind a running one only while plenty of work waits:
     * at the end of the work, the last ones go to whichever worker frees up first.
     */
    private static final long QUEUE_BEHIND_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    /** A running chunk this much past the usual chunk time is considered slow: nothing is queued behind it. */
    private static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int MAX_CHUNK = 1 << 20;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Call> calls = new ArrayDeque<>();
    private final ArrayDeque<Chunk> retries = new ArrayDeque<>();
    private final List<Worker> workers = new ArrayList<>();
    private final int maxTasksPerWorker;
    private int plannedWorkers;
    private long nextChunkId;
    private double chunkNanos = Double.NaN;
    private boolean closing;
    private boolean terminated;

    Scheduler(int plannedWorkers, int maxTasksPerWorker) {
        this.plannedWorkers = plannedWorkers;
        this.maxTasksPerWorker = maxTasksPerWorker;
    }

    /** @throws PoolClosedException if the pool takes no more work */
    void submit(Call call) {
        lock.lock();
        try {
            if (closing || terminated) {
                throw new PoolClosedException("the pool is " + (terminated ? "terminated" : "closed")
                        + " and takes no more work; create a new pool", null);
            }
            calls.addLast(call);
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
                List<Chunk> chunks = spent ? List.of() : cutFor(worker);
                if (!chunks.isEmpty()) {
                    return chunks;
                }
                if (closing && worker.inFlight.isEmpty() && retries.isEmpty() && noReadyWork()) {
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
            chunkNanos = Double.isNaN(chunkNanos) ? nanos : chunkNanos * 0.8 + nanos * 0.2;
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
     * @param retries how many times a task may be run again after its worker died
     * @return what became of the running task
     */
    Lost lost(Worker worker, int retries) {
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
            if (running != null && !terminated && running.received < running.count) {
                // the task that was running: the one the worker last reported, or else the first
                // whose result did not arrive; the tasks after it never started
                int task = running.received;
                Chunk culprit = running.part(nextChunkId++, task, task + 1);
                if (worker.timedOut == running) {
                    lost.timedOut = culprit;
                } else if (++culprit.attempts <= retries) {
                    lost.retried = culprit;
                    requeue.add(culprit);
                } else {
                    lost.failed = culprit;
                }
                if (task + 1 < running.count) {
                    requeue.add(running.part(nextChunkId++, task + 1, running.count));
                }
            }
            requeue.addAll(worker.inFlight);
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
            calls.clear();
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
    List<Object[]> running() {
        lock.lock();
        try {
            List<Object[]> running = new ArrayList<>();
            for (Worker worker : workers) {
                Chunk chunk = worker.inFlight.peekFirst();
                if (chunk != null) {
                    running.add(new Object[] {worker, chunk});
                }
            }
            return running;
        } finally {
            lock.unlock();
        }
    }

    private List<Chunk> cutFor(Worker worker) {
        int limit = worker.inFlight.isEmpty() ? 1 : prefetchAllowed(worker) ? inFlightLimit() : worker.inFlight.size();
        if (limit == 1 && !worker.inFlight.isEmpty() && prefetchAllowed(worker) && plentyOfWork()) {
            limit = 2;
        }
        if (limit > worker.inFlight.size() && !worker.inFlight.isEmpty() && chunkNanosAhead() > QUEUE_BEHIND_NANOS
                && !plentyOfWork()) {
            // the end of the work: a chunk queued here could wait while another worker runs dry
            limit = worker.inFlight.size();
        }
        List<Chunk> chunks = new ArrayList<>();
        while (worker.inFlight.size() < limit) {
            Chunk chunk = retries.pollFirst();
            if (chunk == null) {
                chunk = cutNext(worker);
            }
            if (chunk == null) {
                break;
            }
            if (worker.inFlight.isEmpty()) {
                chunk.started(System.nanoTime());
            }
            worker.inFlight.addLast(chunk);
            worker.assignedTasks += chunk.count;
            chunk.call.tasksHeld += chunk.count;
            chunks.add(chunk);
            if (maxTasksPerWorker > 0 && worker.assignedTasks >= maxTasksPerWorker) {
                break;
            }
        }
        return chunks;
    }

    private Chunk cutNext(Worker worker) {
        for (Iterator<Call> it = calls.iterator(); it.hasNext(); ) {
            Call call = it.next();
            if (call.exhausted()) {
                it.remove();
                continue;
            }
            if (call.ready() > 0) {
                if (!call.measured() && call.tasksHeld > 0 && holds(worker, call)) {
                    // history may be wrong for this call's items: one chunk per worker until one is timed
                    continue;
                }
                int size = chunkSize(call);
                if (maxTasksPerWorker > 0) {
                    size = (int) Math.min(size, maxTasksPerWorker - worker.assignedTasks);
                }
                Chunk chunk = call.cut(nextChunkId++, Math.max(1, size));
                if (call.exhausted()) {
                    it.remove();
                }
                if (chunk != null) {
                    return chunk;
                }
            }
        }
        return null;
    }

    /**
     * The size of a call's next chunk: from its own task time once measured; before that from
     * its function's history, but within the balance rule (a quarter of a worker's fair share);
     * without history, small and doubling.
     */
    private int chunkSize(Call call) {
        if (call.chunkSize > 0) {
            return call.chunkSize;
        }
        long remaining = call.remaining();
        long balanced = remaining < 0 ? MAX_CHUNK : (remaining + 4L * plannedWorkers - 1) / (4L * plannedWorkers);
        if (!call.measured()) {
            double history = call.function.nanosPerTask();
            long size = Double.isNaN(history) ? 1L << Math.min(call.chunksCut(), 16)
                    : (long) (TARGET_CHUNK_NANOS / Math.max(1.0, history));
            return (int) Math.max(1, Math.min(Math.min(size, balanced), MAX_CHUNK));
        }
        double perTask = call.nanosPerTask;
        long size = (long) (TARGET_CHUNK_NANOS / Math.max(1.0, perTask));
        long floor = (long) (MIN_CHUNK_NANOS / Math.max(1.0, perTask));
        return (int) Math.max(1, Math.min(Math.min(size, Math.max(balanced, floor)), MAX_CHUNK));
    }

    private static boolean holds(Worker worker, Call call) {
        for (Chunk chunk : worker.inFlight) {
            if (chunk.call == call) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return how long the next chunk to send is expected to take: by its call's own chunks once
     *     measured, otherwise by the pool's recent chunks
     */
    private double chunkNanosAhead() {
        Chunk retry = retries.peekFirst();
        Call next = retry != null ? retry.call : null;
        for (Iterator<Call> it = calls.iterator(); next == null && it.hasNext(); ) {
            Call call = it.next();
            if (call.ready() > 0) {
                next = call;
            }
        }
        return next != null && next.measured() ? next.chunkNanos : chunkNanos;
    }

    /**
     * A worker already running something gets more only while no other worker is idle, and while
     * its current chunk is not taking much longer than chunks usually do: otherwise the next task
     * would wait behind a slow one.
     */
    private boolean prefetchAllowed(Worker worker) {
        for (Worker other : workers) {
            if (other != worker && other.ready && !other.gone && !other.retiring && other.inFlight.isEmpty()) {
                return false;
            }
        }
        Chunk running = worker.inFlight.peekFirst();
        long runningFor = System.nanoTime() - running.startedNanos;
        double usual = running.call.measured() ? running.call.chunkNanos : chunkNanos;
        return !Double.isNaN(usual) && runningFor < 4 * usual + STALL_NANOS;
    }

    /**
     * Whether so much work is waiting that one chunk queued behind a running one cannot unbalance
     * the workers: then a worker never waits a round trip between two slow chunks.
     */
    private boolean plentyOfWork() {
        long ready = 0;
        for (Call call : calls) {
            ready += call.ready();
            if (ready >= 2L * workers.size()) {
                return true;
            }
        }
        return false;
    }

    private int inFlightLimit() {
        double ahead = chunkNanosAhead();
        if (Double.isNaN(ahead)) {
            return 2;
        }
        return 1 + (int) Math.min(MAX_IN_FLIGHT - 1, PREFETCH_NANOS / Math.max(1.0, ahead));
    }

    private boolean noReadyWork() {
        for (Call call : calls) {
            if (call.ready() > 0) {
                return false;
            }
        }
        return true;
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
