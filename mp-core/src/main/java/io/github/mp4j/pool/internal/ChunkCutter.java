package io.github.mp4j.pool.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Scheduler}'s policy: how many tasks go to a worker in one chunk, and how many chunks
 * a worker may hold. It works on the scheduler's queues, under the scheduler's lock. A worker
 * takes chunks only while it holds fewer than its in-flight limit:
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
 *   <li>Calls share the workers by stride scheduling: each call has a pass, the next chunk is
 *       cut from the call with work ready whose pass is lowest (the earliest submitted among
 *       equals), and cutting a chunk adds {@code 1 / priority} to its call's pass. Equal
 *       priorities so take turns chunk by chunk; a call of priority 4 gets four chunks for each
 *       one of a call of priority 1. A new call starts at the pass of the call served last, so it
 *       is served next without being owed the time before it came. The calls are also kept in
 *       that order (pass, then submission), so that finding the next one costs a look at the
 *       first few, however many calls wait: ten thousand single-task {@code applyAsync} calls queued
 *       at once are cut one after the other without scanning the others each time.</li>
 * </ul>
 */
final class ChunkCutter {

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

    /** Calls take turns in this order: the lowest pass first, the earliest submitted among equals. */
    private static final Comparator<Call> TURNS = new Turns();

    /**
     * The scheduler's: calls in submission order (what the next chunk is expected to take, and
     * whether work is waiting, are judged in this order, as before the turn order existed),
     * chunks to run again, the live workers.
     */
    private final ArrayDeque<Call> calls;
    /**
     * The same calls in {@link #TURNS} order, to find the next call to serve: a call's pass
     * changes only in {@link #served}, which keeps the order.
     */
    private final NavigableSet<Call> turns = new TreeSet<>(TURNS);
    private final ArrayDeque<Chunk> retries;
    private final List<Worker> workers;
    private final int maxTasksPerWorker;
    private final int plannedWorkers;
    private long nextChunkId;
    private long submittedCalls;
    /** The pass of the call served last: where a new call starts. */
    private double virtualTime;
    /** The pool's recent chunk time, a moving average; NaN until a chunk finished. */
    private double chunkNanos = Double.NaN;

    ChunkCutter(ArrayDeque<Call> calls, ArrayDeque<Chunk> retries, List<Worker> workers, int plannedWorkers,
                int maxTasksPerWorker) {
        this.calls = calls;
        this.retries = retries;
        this.workers = workers;
        this.plannedWorkers = plannedWorkers;
        this.maxTasksPerWorker = maxTasksPerWorker;
    }

    /** @return an id for a new chunk */
    long nextId() {
        return nextChunkId++;
    }

    /** Places a new call in the round-robin: it is served next, and owed nothing for the time before it came. */
    void entered(Call call) {
        call.pass = virtualTime;
        call.submitted = submittedCalls++;
        calls.addLast(call);
        turns.add(call);
    }

    /** Takes a call out of the round-robin: it was stopped. */
    void removed(Call call) {
        calls.remove(call);
        turns.remove(call);
    }

    /** Takes every call out: the pool was terminated. */
    void clear() {
        calls.clear();
        turns.clear();
    }

    /** Takes a finished chunk's time into the pool's recent chunk time. */
    void measured(long nanos) {
        chunkNanos = Double.isNaN(chunkNanos) ? nanos : chunkNanos * 0.8 + nanos * 0.2;
    }

    /**
     * Cuts the chunks a worker may take now, within its in-flight limit, retries first.
     *
     * @return the chunks, now in the worker's in-flight list; empty if none
     */
    List<Chunk> cutFor(Worker worker) {
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
            while (chunk != null && chunk.call.stopped) {
                chunk = retries.pollFirst();
            }
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
        Call next = null;
        for (Iterator<Call> it = turns.iterator(); it.hasNext(); ) {
            Call call = it.next();
            if (call.exhausted()) {
                it.remove();
                calls.remove(call);
                continue;
            }
            // history may be wrong for this call's items: one chunk per worker until one is timed
            if (call.ready() > 0 && !(!call.measured() && call.tasksHeld > 0 && holds(worker, call))) {
                next = call;
                break;
            }
        }
        if (next == null) {
            return null;
        }
        int size = chunkSize(next);
        if (maxTasksPerWorker > 0) {
            size = (int) Math.min(size, maxTasksPerWorker - worker.assignedTasks);
        }
        Chunk chunk = next.cut(nextId(), Math.max(1, size));
        virtualTime = next.pass;
        served(next);
        // null if an imap was closed since ready(): its closing wakes the workers to look again
        return chunk;
    }

    /**
     * Moves a call that was served one stride on, and out of the set once it has no work left.
     * While it stays ahead of the call after it, its pass changes in place: the set's order holds,
     * and the call that runs alone (a {@code map} with chunks of one) is not taken out and put
     * back for every chunk.
     */
    private void served(Call call) {
        double pass = call.pass + 1.0 / call.settings.priority();
        if (call.exhausted()) {
            turns.remove(call);
            calls.remove(call);
            call.pass = pass;
            return;
        }
        Call after = turns.higher(call);
        if (after == null || pass < after.pass || pass == after.pass && call.submitted < after.submitted) {
            call.pass = pass;
            return;
        }
        turns.remove(call);
        call.pass = pass;
        turns.add(call);
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

    boolean noReadyWork() {
        for (Call call : calls) {
            if (call.ready() > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #TURNS}, written out: a submission compares its call with a dozen others, and
     * composed comparators would cost several lambda calls for each until the JIT inlined them.
     */
    private static final class Turns implements Comparator<Call> {
        @Override
        public int compare(Call a, Call b) {
            int byPass = Double.compare(a.pass, b.pass);
            return byPass != 0 ? byPass : Long.compare(a.submitted, b.submitted);
        }
    }
}
