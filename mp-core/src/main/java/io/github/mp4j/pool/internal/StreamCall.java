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
 * <p>Locking: the scheduler's lock may be held when this object's lock is taken, never the
 * other way round.
 */
final class StreamCall extends Call implements ResultIterator<Object> {

    private static final int MAX_SEGMENT = 4096;
    /** Stands for a {@code null} result in the maps, which use {@code null} for "absent". */
    private static final Object NULL = new Object();

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
    private final Map<Long, Object> byIndex = new HashMap<>();
    private final ArrayDeque<Object> byCompletion = new ArrayDeque<>();
    /** Results already handed to the caller's thread, taken without locking. */
    private final ArrayDeque<Object> local = new ArrayDeque<>();
    private long read;
    /** Results moved towards the caller (into {@link #local}). */
    private long taken;
    /** Results the caller has received from {@link #next()}: what read-ahead is measured against. */
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
        lock.lock();
        try {
            if (closed) {
                return;
            }
            for (int i = 0; i < results.length; i++) {
                deliver(chunk.first + i, results[i]);
            }
            wakeCaller();
        } finally {
            lock.unlock();
        }
    }

    @Override
    void failed(Chunk chunk, TaskFailedException failure) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            for (int i = 0; i < chunk.count; i++) {
                deliver(chunk.first + i, new TaskFailure(failure));
            }
            wakeCaller();
        } finally {
            lock.unlock();
        }
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

    private void deliver(long index, Object value) {
        completed++;
        Object result = value == null ? NULL : value;
        if (ordered) {
            byIndex.put(index, result);
        } else {
            byCompletion.addLast(result);
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
                    deliver(read, new TaskFailure(new TaskFailedException("the input of " + describe()
                            + " threw after " + read + " items: " + sourceFailure, sourceFailure)));
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
        return !local.isEmpty() || takeBatch(Long.MAX_VALUE);
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
        if (local.isEmpty() && !takeBatch(nanos <= 0 ? 0 : System.nanoTime() + nanos)) {
            throw new NoSuchElementException("all results of " + describe() + " were taken");
        }
        return handOut();
    }

    private Object handOut() {
        Object result = local.pollFirst();
        handedOut++;
        if (result instanceof TaskFailure failure) {
            Throwable error = failure.error();
            throw error instanceof TaskFailedException failed ? failed
                    : new TaskFailedException("task of " + describe() + " failed: " + error, error);
        }
        return result == NULL ? null : result;
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
                int before = local.size();
                if (ordered) {
                    for (Object result = byIndex.remove(taken); result != null; result = byIndex.remove(taken)) {
                        local.addLast(result);
                        taken++;
                    }
                } else {
                    taken += byCompletion.size();
                    local.addAll(byCompletion);
                    byCompletion.clear();
                }
                if (local.size() > before) {
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
            local.clear();
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
