package io.github.mp4j.pool.internal;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.pool.Progress;
import io.github.mp4j.pool.ResultIterator;
import io.github.mp4j.pool.ResultTimeoutException;
import io.github.mp4j.pool.TaskFailedException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An {@code imap} or {@code imapUnordered} call: a feeder thread reads the input in segments,
 * never more than {@code readAhead} items ahead of the results the caller has taken, so an
 * endless input runs in bounded memory. Results wait in a map (ordered) or a queue (unordered)
 * until taken.
 *
 * <p>Wake-ups are kept few, as tasks may take microseconds: a finished chunk wakes the caller
 * only if it is waiting, and the feeder is woken only once the caller has taken half of the
 * read-ahead, so that it reads in segments rather than an item at a time.
 *
 * <p>Results move in blocks, not one by one, so that the per-item work on the receiver's and the
 * caller's threads is an array store and an array read, fast before the JIT's C2 compiled it:
 * <pre>
 *   receiver thread (lock held once per chunk)       caller thread (no lock between blocks)
 *   completedLongs(chunk, long[]) ─► byCompletion ──► takeBatch moves every block ──► local
 *   completed(chunk, Object[])       (a deque of       (lock held once per batch)       block, pos
 *                                     blocks)                                           next(): block[pos++]
 * </pre>
 * A block is a {@code long[]} (results all {@code Long}s, boxed only when handed out) or an
 * {@code Object[]} (results, {@code null}s and {@link TaskFailure}s). An ordered call keeps its
 * blocks by the index of their first result until the one due next is there: the blocks of a
 * call never overlap, as a chunk retried after its worker was lost is sent again without the
 * tasks whose results were delivered with its progress reports (see {@link Chunk}).
 *
 * <p>Locking: the scheduler's lock may be held when this object's lock is taken, never the
 * other way round.
 */
final class StreamCall extends Call implements ResultIterator<Object> {

    private static final int MAX_SEGMENT = 4096;
    private final boolean ordered;
    private final int readAhead;
    private final Iterator<?> source;
    private final Inputs.Encoder encoder;
    private final Runnable wakeScheduler;

    private final ReentrantLock lock = new ReentrantLock();
    /** The caller waits here for results. */
    private final Condition resultsReady = lock.newCondition();
    /** The feeder waits here for room within the read-ahead. */
    private final Condition roomForInput = lock.newCondition();
    private boolean callerWaiting;
    private boolean feederWaiting;
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    /** Ordered: blocks of results by the index of their first result. */
    private final Map<Long, Object> byIndex = new HashMap<>();
    /** Unordered: blocks of results in the order their chunks finished (see the class comment). */
    private final ArrayDeque<Object> byCompletion = new ArrayDeque<>();
    private int resultsByCompletion;
    /** Blocks already moved to the caller's thread, taken without locking. */
    private final ArrayDeque<Object> local = new ArrayDeque<>();
    /** The caller's thread: the block results are handed out from, and the next one's place in it. */
    private Object block;
    private int blockLength;
    private int pos;
    private long read;
    /** Results moved towards the caller (into {@link #local}). */
    private long taken;
    /**
     * Results the caller has received from {@link #next()}, counted when it finishes a block (so
     * never ahead of what it received): what read-ahead is measured against.
     */
    private volatile long handedOut;
    private long completed;
    private boolean inputDone;
    private RuntimeException aborted;
    private boolean closed;

    private static final class Segment {
        final Inputs inputs;
        final long base;
        int next;

        Segment(Inputs inputs, long base) {
            this.inputs = inputs;
            this.base = base;
        }
    }

    StreamCall(long id, FunctionRef function, int chunkSize, CallSettings settings, boolean ordered, int readAhead,
               Iterator<?> source, Inputs.Encoder encoder, Runnable wakeScheduler) {
        super(id, function, chunkSize, settings);
        this.ordered = ordered;
        this.readAhead = readAhead;
        this.source = source;
        this.encoder = encoder;
        this.wakeScheduler = wakeScheduler;
    }

    /** Starts the thread that reads the input. */
    void startFeeding(String poolName) {
        Thread feeder = new Thread(this::feed, poolName + "-imap-" + id + "-feeder");
        feeder.setDaemon(true);
        feeder.start();
    }

    // ---------------------------------------------------------------- the scheduler's side

    @Override
    long ready() {
        lock.lock();
        try {
            if (closed) {
                return 0;
            }
            long ready = 0;
            for (Segment segment : segments) {
                ready += segment.inputs.count() - segment.next;
            }
            return ready;
        } finally {
            lock.unlock();
        }
    }

    @Override
    long remaining() {
        return -1;
    }

    @Override
    boolean exhausted() {
        lock.lock();
        try {
            return closed || (inputDone && ready() == 0);
        } finally {
            lock.unlock();
        }
    }

    /** @return {@code null} if the caller closed the call (or the pool aborted it) since {@link #ready()} */
    @Override
    Chunk cut(long chunkId, int size) {
        lock.lock();
        try {
            Segment segment = segments.peekFirst();
            if (segment == null) {
                return null;
            }
            int count = Math.min(size, segment.inputs.count() - segment.next);
            Chunk chunk = new Chunk(chunkId, this, segment.base + segment.next, count, segment.inputs, segment.next);
            segment.next += count;
            if (segment.next == segment.inputs.count()) {
                segments.pollFirst();
            }
            countChunk();
            return chunk;
        } finally {
            lock.unlock();
        }
    }

    @Override
    void completed(Chunk chunk, Object[] results) {
        deliverBlock(chunk, results, results.length);
    }

    /** Keeps the {@code long}s unboxed: the caller's {@link #next()} boxes each as it hands it out. */
    @Override
    void completedLongs(Chunk chunk, long[] results) {
        deliverBlock(chunk, results, results.length);
    }

    private void deliverBlock(Chunk chunk, Object results, int length) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            addBlock(chunk.first, results, length);
            wakeCaller();
        } finally {
            lock.unlock();
        }
    }

    private static Object valueAt(Object block, int index) {
        return block instanceof long[] longs ? (Object) longs[index] : ((Object[]) block)[index];
    }

    private static int lengthOf(Object block) {
        return block instanceof long[] longs ? longs.length : ((Object[]) block).length;
    }

    @Override
    void failed(Chunk chunk, TaskFailedException failure) {
        Object[] failures = new Object[chunk.count];
        for (int i = 0; i < failures.length; i++) {
            failures[i] = new TaskFailure(failure);
        }
        deliverBlock(chunk, failures, failures.length);
    }

    @Override
    void abort(RuntimeException failure) {
        ended();
        lock.lock();
        try {
            aborted = failure;
            inputDone = true;
            segments.clear();
            resultsReady.signalAll();
            roomForInput.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    String describe() {
        return (ordered ? "imap" : "imapUnordered") + " call " + id;
    }

    private void wakeCaller() {
        if (callerWaiting) {
            resultsReady.signal();
        }
    }

    private void addBlock(long first, Object results, int length) {
        if (length == 0) {
            return;
        }
        completed += length;
        if (ordered) {
            byIndex.put(first, results);
        } else {
            resultsByCompletion += length;
            byCompletion.addLast(results);
        }
    }

    // ---------------------------------------------------------------- the feeder

    /**
     * Reads the input until its end. What the input's iterator throws, an {@link Error} included,
     * becomes the failure of the task it would have been; anything else that stops the feeder (an
     * {@link Error} while encoding, say) fails the call, so that its caller never waits for input
     * forever.
     */
    private void feed() {
        try {
            feedSegments();
        } catch (Throwable t) {
            abort(new TaskFailedException("the input of " + describe() + " could not be read after " + read
                    + " items: " + t, t));
        }
    }

    private void feedSegments() {
        int segmentSize = Math.max(16, chunkSize);
        while (true) {
            int room;
            lock.lock();
            try {
                while (!closed && aborted == null && read - handedOut >= readAhead) {
                    feederWaiting = true;
                    try {
                        await(roomForInput);
                    } finally {
                        feederWaiting = false;
                    }
                }
                if (closed || aborted != null) {
                    return;
                }
                room = (int) Math.min(readAhead - (read - handedOut), segmentSize);
            } finally {
                lock.unlock();
            }
            List<Object> batch = new ArrayList<>(room);
            Throwable sourceFailure = null;
            boolean more;
            try {
                while (batch.size() < room && source.hasNext()) {
                    batch.add(source.next());
                }
                more = source.hasNext();
            } catch (RuntimeException | Error e) {
                sourceFailure = e;
                more = false;
            }
            Inputs inputs = encoder.encode(batch, false);
            lock.lock();
            try {
                if (inputs.count() > 0) {
                    segments.addLast(new Segment(inputs, read));
                    read += inputs.count();
                }
                if (sourceFailure != null) {
                    addBlock(read, new Object[] {new TaskFailure(new TaskFailedException("the input of " + describe()
                            + " threw after " + read + " items: " + sourceFailure, sourceFailure))}, 1);
                    read++;
                }
                inputDone = !more;
                wakeCaller();
            } finally {
                lock.unlock();
            }
            wakeScheduler.run();
            if (!more) {
                return;
            }
            segmentSize = Math.min(MAX_SEGMENT, segmentSize * 2);
            if (chunkSize > 0) {
                segmentSize = Math.max(chunkSize, segmentSize / chunkSize * chunkSize);
            }
        }
    }

    // ---------------------------------------------------------------- the caller's side

    /** Not thread-safe: one thread takes the results. */
    @Override
    public boolean hasNext() {
        return pos < blockLength || nextBlock() || takeBatch(Long.MAX_VALUE) && nextBlock();
    }

    @Override
    public Object next() {
        if (!hasNext()) {
            throw new NoSuchElementException("all results of " + describe() + " were taken");
        }
        return handOut();
    }

    @Override
    public Object next(Duration timeout) {
        long nanos = timeout.toNanos();
        if (pos == blockLength && !nextBlock()
                && !(takeBatch(nanos <= 0 ? 0 : System.nanoTime() + nanos) && nextBlock())) {
            throw new NoSuchElementException("all results of " + describe() + " were taken");
        }
        return handOut();
    }

    private Object handOut() {
        Object result = valueAt(block, pos++);
        if (result instanceof TaskFailure failure) {
            Throwable error = failure.error();
            throw error instanceof TaskFailedException failed ? failed
                    : new TaskFailedException("task of " + describe() + " failed: " + error, error);
        }
        return result;
    }

    /**
     * Counts the block handed out and moves to the next one in {@link #local}, if any.
     *
     * @return whether a result is there to hand out
     */
    private boolean nextBlock() {
        if (block != null) {
            handedOut += blockLength;
            block = null;
            blockLength = 0;
            pos = 0;
        }
        while (!local.isEmpty()) {
            block = local.pollFirst();
            blockLength = lengthOf(block);
            if (blockLength > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Moves every result that can be taken now to {@link #local}, waiting for at least one. Called
     * when {@link #local} is empty, so everything moved before has been handed out: the feeder is
     * woken to read further once half of the read-ahead is free.
     *
     * @param deadline when to give up waiting ({@link System#nanoTime()}), {@code Long.MAX_VALUE} for never
     * @throws ResultTimeoutException if no result came by the deadline
     */
    private boolean takeBatch(long deadline) {
        lock.lock();
        try {
            if (feederWaiting && read - handedOut <= readAhead / 2) {
                roomForInput.signal();
            }
            while (true) {
                if (aborted != null) {
                    throw aborted;
                }
                if (closed) {
                    return false;
                }
                if (ordered ? takeInOrder() : takeAsCompleted()) {
                    return true;
                }
                if (inputDone && taken == read) {
                    ended();
                    return false;
                }
                callerWaiting = true;
                try {
                    awaitUntil(deadline);
                } finally {
                    callerWaiting = false;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Moves the run of blocks due next: whether there was one. */
    private boolean takeInOrder() {
        boolean moved = false;
        for (Object due = byIndex.remove(taken); due != null; due = byIndex.remove(taken)) {
            local.addLast(due);
            taken += lengthOf(due);
            moved = true;
        }
        return moved;
    }

    /** Moves every finished block: whether there was one. */
    private boolean takeAsCompleted() {
        if (byCompletion.isEmpty()) {
            return false;
        }
        taken += resultsByCompletion;
        resultsByCompletion = 0;
        for (Object finished = byCompletion.pollFirst(); finished != null; finished = byCompletion.pollFirst()) {
            local.addLast(finished);
        }
        return true;
    }

    @Override
    public Progress progress() {
        lock.lock();
        try {
            return new Progress(completed, inputDone ? read : -1);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        stopped = true;
        ended();
        lock.lock();
        try {
            closed = true;
            segments.clear();
            byIndex.clear();
            byCompletion.clear();
            resultsByCompletion = 0;
            local.clear();
            block = null;
            blockLength = 0;
            pos = 0;
            resultsReady.signalAll();
            roomForInput.signalAll();
        } finally {
            lock.unlock();
        }
        wakeScheduler.run();
    }

    private void awaitUntil(long deadline) {
        if (deadline == Long.MAX_VALUE) {
            await(resultsReady);
            return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new ResultTimeoutException("no result of " + describe() + " was ready in time (" + completed
                    + " tasks done, " + taken + " results taken); the call goes on and next() may be called again", null);
        }
        try {
            resultsReady.awaitNanos(left);
        } catch (InterruptedException e) {
            throw new MpInterruptedException("results of " + describe(), e);
        }
    }

    private void await(Condition condition) {
        try {
            condition.await();
        } catch (InterruptedException e) {
            throw new MpInterruptedException("results of " + describe(), e);
        }
    }
}
