package io.github.mp4j.hazelcast;

import io.github.mp4j.function.SerializableFunction;
import io.github.mp4j.pool.Progress;
import io.github.mp4j.pool.TaskFailedException;
import io.github.mp4j.pool.TaskOutcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One call on a {@link ClusterPool}: its input, read lazily up to its read-ahead, the chunks to
 * send again after a member was lost, and the outcomes received. A list call ({@code map},
 * {@code apply}...) completes {@link #future()} once every outcome is in; a streaming call
 * ({@code imap}) hands outcomes to its iterator. Guarded by its own lock, which is never held
 * while the pool's scheduler lock is taken.
 */
final class ClusterCall {

    /** The parts of a call's input sent together, with how often they were sent already. */
    record Chunk(ClusterCall call, long first, Object[] items, int attempt) {

        String describe() {
            return "tasks " + first + ".." + (first + items.length - 1) + " of call '" + call.label + "'";
        }
    }

    final String label;
    final SerializableFunction<Object, Object> function;
    /** The function as members receive it, encoded once for every chunk. */
    final byte[] functionBytes;
    /** How long its tasks take, shared with other calls of the same function. */
    final TaskTime time;
    final int retries;
    final long taskTimeoutMillis;
    final int priority;
    private final int chunkSize;
    private final int readAhead;
    private final boolean streaming;
    private final boolean ordered;
    private final boolean failFast;
    private final Iterator<?> input;
    private final CallFuture future;
    private final Function<List<TaskOutcome<Object>>, Object> finisher;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Chunk> resend = new ArrayDeque<>();
    private final List<TaskOutcome<Object>> outcomes = new ArrayList<>();
    private final Map<Long, TaskOutcome<Object>> readyInOrder = new HashMap<>();
    private final ArrayDeque<TaskOutcome<Object>> readyAsDone = new ArrayDeque<>();
    private long read;
    private long done;
    private long taken;
    private boolean exhausted;
    private boolean finished;
    private RuntimeException failure;
    private RuntimeException ended;
    long chunksSent;

    private ClusterCall(Builder b) {
        this.label = b.label;
        this.function = b.function;
        this.functionBytes = b.sent.bytes();
        this.time = b.sent.time();
        this.retries = b.retries;
        this.taskTimeoutMillis = b.taskTimeoutMillis;
        this.priority = b.priority;
        this.chunkSize = b.chunkSize;
        this.readAhead = b.readAhead;
        this.streaming = b.streaming;
        this.ordered = b.ordered;
        this.failFast = b.failFast;
        this.input = b.input;
        this.finisher = b.finisher;
        this.future = new CallFuture(this);
    }

    /** The call's own future: cancelling it cancels the call. */
    static final class CallFuture extends CompletableFuture<Object> {

        private final ClusterCall call;

        CallFuture(ClusterCall call) {
            this.call = call;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return call.cancel(mayInterruptIfRunning);
        }

        boolean cancelHere() {
            return super.cancel(false);
        }
    }

    CallFuture future() {
        return future;
    }

    /** Called with a chunk abandoned by cancellation, so the pool can stop it on its member. */
    interface Canceller {
        void cancelRunning(ClusterCall call, boolean mayInterruptIfRunning);
    }

    private Canceller canceller = (call, interrupt) -> { };

    void onCancel(Canceller action) {
        this.canceller = action;
    }

    /** @return whether a chunk could be taken now (the scheduler asks before it reserves a member) */
    boolean hasWork() {
        lock.lock();
        try {
            return ended == null && !finished && (!resend.isEmpty() || (!exhausted && read - taken < readAhead));
        } finally {
            lock.unlock();
        }
    }

    /**
     * @return whether a list call has read all its input and has nothing to send again: only a lost
     *     chunk ({@link #resend}) gives it work again
     */
    boolean allSent() {
        lock.lock();
        try {
            return !streaming && exhausted && resend.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the next chunk: one to send again, or new items from the input.
     *
     * @return the chunk, or {@code null} if there is none now
     */
    Chunk takeChunk() {
        Runnable completion;
        Chunk chunk;
        lock.lock();
        try {
            if (ended != null || finished) {
                return null;
            }
            Chunk again = resend.poll();
            if (again != null) {
                return again;
            }
            chunk = readChunk();
            completion = chunk == null ? settleLocked() : null;
        } finally {
            lock.unlock();
        }
        run(completion);
        return chunk;
    }

    /** Completes the future outside the lock: its callbacks take the pool's scheduler lock. */
    private static void run(Runnable completion) {
        if (completion != null) {
            completion.run();
        }
    }

    private Chunk readChunk() {
        long room = readAhead - (read - taken);
        int limit = (int) Math.min(chunkSize, room);
        List<Object> items = new ArrayList<>(Math.max(0, limit));
        try {
            while (items.size() < limit && !exhausted) {
                if (input.hasNext()) {
                    items.add(input.next());
                } else {
                    exhausted = true;
                }
            }
        } catch (RuntimeException e) {
            // the caller's input failed: the call fails with what it threw
            exhausted = true;
            failure = new TaskFailedException("reading the input of call '" + label + "' failed: " + e, e);
            return null;
        }
        if (!streaming && !exhausted && !input.hasNext()) {
            // a list call's input is in memory: knowing it is all read spares the scheduler a visit
            exhausted = true;
        }
        if (items.isEmpty()) {
            return null;
        }
        Chunk chunk = new Chunk(this, read, items.toArray(), 0);
        read += items.size();
        for (int i = 0; i < items.size() && !streaming; i++) {
            outcomes.add(null);
        }
        return chunk;
    }

    /** @param chunk a chunk whose member was lost, to be sent again */
    void resend(Chunk chunk) {
        lock.lock();
        try {
            if (ended == null) {
                resend.addFirst(new Chunk(this, chunk.first(), chunk.items(), chunk.attempt() + 1));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records a chunk's outcomes.
     *
     * @param chunk the chunk
     * @param results one outcome per item
     */
    void deliver(Chunk chunk, List<TaskOutcome<Object>> results) {
        Runnable completion;
        lock.lock();
        try {
            if (ended != null || finished) {
                return;
            }
            for (int i = 0; i < results.size(); i++) {
                TaskOutcome<Object> outcome = results.get(i);
                long index = chunk.first() + i;
                if (!streaming) {
                    outcomes.set((int) index, outcome);
                } else if (ordered) {
                    readyInOrder.put(index, outcome);
                } else {
                    readyAsDone.add(outcome);
                }
                if (failFast && !outcome.succeeded() && failure == null) {
                    failure = outcome.failure();
                }
            }
            done += results.size();
            completion = settleLocked();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        run(completion);
    }

    /**
     * Under the lock: ends the call if it failed or (a list call) has every outcome.
     *
     * @return what completes its future, to run once the lock is released, or {@code null}
     */
    private Runnable settleLocked() {
        if (ended != null || finished) {
            return null;
        }
        if (failure != null) {
            return endLocked(failure);
        }
        if (streaming || !exhausted || done < read) {
            return null;
        }
        finished = true;
        return () -> {
            try {
                future.complete(finisher.apply(outcomes));
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        };
    }

    /**
     * Ends the call with a failure of its own (a timeout, a closed pool, a failed task of a
     * fail-fast call): nothing more is sent, outcomes still to come are dropped.
     *
     * @param why what the call fails with
     * @return whether this ended it
     */
    boolean end(RuntimeException why) {
        Runnable completion;
        lock.lock();
        try {
            completion = endLocked(why);
        } finally {
            lock.unlock();
        }
        run(completion);
        return completion != null;
    }

    private Runnable endLocked(RuntimeException why) {
        if (ended != null || finished) {
            return null;
        }
        ended = why;
        resend.clear();
        changed.signalAll();
        if (why instanceof CancellationException) {
            return future::cancelHere;
        }
        return () -> future.completeExceptionally(why);
    }

    boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = end(new CancellationException("call '" + label + "' was cancelled"));
        if (cancelled) {
            canceller.cancelRunning(this, mayInterruptIfRunning);
        }
        return cancelled;
    }

    /** @return whether nothing more will happen: finished, failed, cancelled, or (streaming) consumed */
    boolean isOver() {
        lock.lock();
        try {
            return ended != null || finished || (streaming && exhausted && taken == read);
        } finally {
            lock.unlock();
        }
    }

    Progress progress() {
        lock.lock();
        try {
            return new Progress(done, exhausted ? read : -1);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the next outcome of a streaming call.
     *
     * @param nanos how long to wait, or negative to wait without limit
     * @return the outcome; {@code null} when every outcome was taken
     * @throws java.util.concurrent.TimeoutException if none came in time
     * @throws InterruptedException if interrupted while waiting
     */
    TaskOutcome<Object> next(long nanos) throws java.util.concurrent.TimeoutException, InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (true) {
                if (ended != null) {
                    throw ended instanceof CancellationException ? new java.util.NoSuchElementException("the call was closed") : ended;
                }
                TaskOutcome<Object> outcome = ordered ? readyInOrder.remove(taken) : readyAsDone.poll();
                if (outcome != null) {
                    taken++;
                    return outcome;
                }
                if (exhausted && taken == read) {
                    return null;
                }
                if (nanos >= 0 && left <= 0) {
                    throw new java.util.concurrent.TimeoutException();
                }
                left = nanos < 0 ? changed.awaitNanos(TimeUnit.SECONDS.toNanos(1)) : changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return whether a streaming call has its next outcome or its end ready, waiting for it */
    boolean awaitNextOrEnd() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (ended != null) {
                    return !(ended instanceof CancellationException);
                }
                if (ordered ? readyInOrder.containsKey(taken) : !readyAsDone.isEmpty()) {
                    return true;
                }
                if (exhausted && taken == read) {
                    return false;
                }
                changed.await(1, TimeUnit.SECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Builds a call. */
    static final class Builder {
        private String label;
        private SerializableFunction<Object, Object> function;
        private Functions.Sent sent;
        private int retries;
        private long taskTimeoutMillis;
        private int priority;
        private int chunkSize;
        private int readAhead = Integer.MAX_VALUE;
        private boolean streaming;
        private boolean ordered = true;
        private boolean failFast;
        private Iterator<?> input;
        private Function<List<TaskOutcome<Object>>, Object> finisher = list -> list;

        Builder label(String value) {
            this.label = value;
            return this;
        }

        Builder function(SerializableFunction<Object, Object> value, Functions.Sent encoded) {
            this.function = value;
            this.sent = encoded;
            return this;
        }

        Builder limits(int retryCount, long timeoutMillis, int weight) {
            this.retries = retryCount;
            this.taskTimeoutMillis = timeoutMillis;
            this.priority = weight;
            return this;
        }

        Builder chunkSize(int size) {
            this.chunkSize = size;
            return this;
        }

        Builder streaming(boolean inOrder, int window) {
            this.streaming = true;
            this.ordered = inOrder;
            this.readAhead = window;
            return this;
        }

        Builder failFast(boolean value) {
            this.failFast = value;
            return this;
        }

        Builder input(Iterator<?> value) {
            this.input = value;
            return this;
        }

        Builder finisher(Function<List<TaskOutcome<Object>>, Object> value) {
            this.finisher = value;
            return this;
        }

        ClusterCall build() {
            return new ClusterCall(this);
        }
    }
}
