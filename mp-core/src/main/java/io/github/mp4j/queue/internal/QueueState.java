package io.github.mp4j.queue.internal;

import io.github.mp4j.connection.ConnectionException;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.serial.SerializationException;
import io.github.mp4j.transport.FramedChannel;
import io.github.mp4j.transport.ObjectServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The items of a queue, held by the process that created it, and the services other processes
 * use to reach them (see {@link QueueProtocol}), which this class registers with the object
 * server. Items are kept serialized, but for large byte arrays ({@link RawBytes}).
 */
final class QueueState {

    /**
     * Made on first use: System.getLogger starts java.util.logging, which a worker must not pay for
     * (or start before its log relay) unless it logs.
     */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(QueueState.class.getName());
    }

    static {
        ObjectServer.registerService(QueueProtocol.SERVICE_STREAM, "queue", QueueState.class, new ObjectServer.Service<>() {
            @Override
            public String refusal(QueueState state, int argument) {
                return state.streamed() ? null : "bounded and joinable queues take items as requests, not as a stream";
            }

            @Override
            public boolean serve(QueueState state, int argument, FramedChannel channel) {
                return state.serveStream(channel);
            }
        });
        ObjectServer.registerService(QueueProtocol.SERVICE_REQUESTS, "queue", QueueState.class,
                (state, argument, channel) -> state.serveRequests(channel));
    }

    /** How long a getter waits for a put before it recalls the items other consumers hold. */
    static final long RECALL_AFTER_NANOS = 2_000_000;
    /** Items added under one lock acquisition, at most. */
    private static final int MAX_BATCH = 4096;

    private final int maxSize;
    private final boolean joinable;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Condition allDone = lock.newCondition();
    /** Serialized items ({@code byte[]}) and byte arrays kept as they are ({@link RawBytes}). */
    private final ArrayDeque<Object> items = new ArrayDeque<>();
    private long unfinished;
    /** Connections of consumers in other processes that take items in batches. */
    private final List<Lending> lendings = new ArrayList<>();
    private final QueueRegistration registration = new QueueRegistration(this);

    QueueState(int maxSize, boolean joinable) {
        this.maxSize = maxSize;
        this.joinable = joinable;
    }

    /** @return how long this queue stays registered with the object server */
    QueueRegistration registration() {
        return registration;
    }

    int maxSize() {
        return maxSize;
    }

    boolean joinable() {
        return joinable;
    }

    boolean streamed() {
        return maxSize == 0 && !joinable;
    }

    /** @return whether the item was added before the timeout (negative: wait forever) */
    boolean put(Object item, long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = timeoutNanos;
            while (maxSize > 0 && items.size() >= maxSize) {
                if (timeoutNanos < 0) {
                    notFull.await();
                } else if (remaining <= 0) {
                    return false;
                } else {
                    remaining = notFull.awaitNanos(remaining);
                }
            }
            items.addLast(item);
            unfinished++;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Adds items that arrived on a stream (unbounded queues only), and empties the list. */
    void putAll(List<Object> batch) {
        if (batch.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            items.addAll(batch);
            unfinished += batch.size();
            // one getter wakes; each that takes leaves a signal for the next while items remain,
            // so a stream of small batches does not wake every waiting consumer for one item
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        batch.clear();
    }

    /** @return the head item, or {@code null} if none came before the timeout (negative: forever) */
    Object take(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            if (!awaitItem(timeoutNanos)) {
                return null;
            }
            Object item = items.pollFirst();
            notFull.signal();
            if (!items.isEmpty()) {
                notEmpty.signal();
            }
            return item;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a batch for a consumer in another process and lends it ({@link Lending}): what is
     * there when the first item is, never more than the consumer's fair share: the items present
     * divided among the consumers that take batches, so one consumer does not take what the
     * others are about to ask for.
     *
     * @param lending the consumer's connection
     * @param timeoutNanos how long to wait for the first item (negative: forever)
     * @param maxCount the most items
     * @param maxBytes the most bytes, but always at least one item
     * @return the items, oldest first; empty if none came in time
     */
    List<Object> takeSome(Lending lending, long timeoutNanos, int maxCount, int maxBytes) throws InterruptedException {
        lock.lock();
        try {
            if (!awaitItem(timeoutNanos)) {
                return List.of();
            }
            int share = ceilDiv(items.size(), Math.max(1, lendings.size()));
            int count = Math.min(Math.max(1, maxCount), share);
            List<Object> batch = new ArrayList<>(count);
            long bytes = 0;
            while (batch.size() < count && !items.isEmpty()) {
                int size = sizeOf(items.peekFirst());
                if (!batch.isEmpty() && bytes + size > maxBytes) {
                    break;
                }
                batch.add(items.pollFirst());
                bytes += size;
            }
            lending.lend(batch);
            notFull.signalAll();
            if (!items.isEmpty()) {
                notEmpty.signal();
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits, holding the lock, until an item is there. A getter that finds the queue empty for
     * longer than {@link #RECALL_AFTER_NANOS} (or at once, if it may not wait) recalls what
     * consumers in other processes hold and have not taken yet ({@link Lending}): an item waits in
     * a consumer while a getter waits for one only that long. Waiting that little first lets a
     * stream of puts feed every consumer without batches bouncing between them.
     *
     * @return {@code false} if none came in time
     */
    private boolean awaitItem(long timeoutNanos) throws InterruptedException {
        long start = System.nanoTime();
        while (items.isEmpty()) {
            long waited = System.nanoTime() - start;
            long remaining = timeoutNanos < 0 ? Long.MAX_VALUE : timeoutNanos - waited;
            if (waited >= RECALL_AFTER_NANOS || remaining <= 0) {
                for (Lending lending : lendings) {
                    putBackFirst(lending.recall());
                }
                if (!items.isEmpty()) {
                    break;
                }
            }
            if (remaining <= 0) {
                return false;
            }
            long untilRecall = RECALL_AFTER_NANOS - waited;
            if (untilRecall > 0) {
                notEmpty.awaitNanos(Math.min(untilRecall, remaining));
            } else if (timeoutNanos < 0) {
                notEmpty.await();
            } else {
                notEmpty.awaitNanos(remaining);
            }
        }
        return true;
    }

    private static int ceilDiv(int dividend, int divisor) {
        return (dividend + divisor - 1) / divisor;
    }

    private static int sizeOf(Object item) {
        return item instanceof RawBytes raw ? raw.value().length : ((byte[]) item).length;
    }

    /** A consumer's connection starts taking batches. */
    void startLending(Lending lending) {
        lock.lock();
        try {
            lendings.add(lending);
        } finally {
            lock.unlock();
        }
    }

    /** A consumer's connection ended: what it did not take goes back to the head of the queue. */
    void endLending(Lending lending) {
        lock.lock();
        try {
            lendings.remove(lending);
            putBackFirst(lending.recall());
        } finally {
            lock.unlock();
        }
    }

    /** Puts recalled items back at the head of the queue, in their order; under the lock. */
    private void putBackFirst(List<Object> back) {
        for (int i = back.size() - 1; i >= 0; i--) {
            items.addFirst(back.get(i));
        }
        if (!back.isEmpty()) {
            notEmpty.signalAll();
        }
    }

    /** Puts back an item whose taker could not receive it, so it is not lost. */
    void giveBack(Object item) {
        lock.lock();
        try {
            items.addFirst(item);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    void taskDone() {
        lock.lock();
        try {
            if (unfinished <= 0) {
                throw new IllegalStateException("taskDone() called more times than items were put in the queue");
            }
            if (--unfinished == 0) {
                allDone.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    boolean join(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = timeoutNanos;
            while (unfinished > 0) {
                if (timeoutNanos < 0) {
                    allDone.await();
                } else if (remaining <= 0) {
                    return false;
                } else {
                    remaining = allDone.awaitNanos(remaining);
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Serves a producer's stream of items until it ends.
     *
     * @return {@code false}: the object server closes the channel
     */
    boolean serveStream(FramedChannel channel) {
        return serve(channel, true);
    }

    /**
     * Answers another process's requests until it goes away.
     *
     * @return {@code false}: the object server closes the channel
     */
    boolean serveRequests(FramedChannel channel) {
        return serve(channel, false);
    }

    private boolean serve(FramedChannel channel, boolean stream) {
        try {
            if (stream) {
                receiveStream(channel);
            } else {
                answerRequests(channel);
            }
        } catch (ConnectionException e) {
            // the other process closed its handle or exited; what it sent before is in the queue
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void receiveStream(FramedChannel channel) {
        List<Object> batch = new ArrayList<>();
        while (true) {
            byte[] frame = channel.read();
            while (frame != null && frame.length > 0) {
                if (frame.length == 1 && frame[0] == QueueProtocol.RAW_BYTES) {
                    // the array may still be on its way: what came whole before it goes in the queue
                    // first, so that a producer that dies before the array is complete loses nothing else
                    putAll(batch);
                    batch.add(new RawBytes(channel.read()));
                } else if (allowed(channel, frame)) {
                    batch.add(frame);
                }
                frame = batch.size() < MAX_BATCH ? channel.readBuffered() : null;
            }
            putAll(batch);
            if (frame != null) {
                channel.write(ByteBuffer.wrap(QueueProtocol.SYNCED));
            }
        }
    }

    /**
     * Items are kept as bytes and decoded by whoever takes them, trusting them; an item from a peer
     * across a trust boundary (TCP) is therefore decoded once on arrival, under the allow-list, and
     * refused if it names a class that is not allowed.
     *
     * @return why the item is refused, or {@code null}
     */
    private static String refusal(FramedChannel channel, byte[] item) {
        if (channel.peerTrusted()) {
            return null;
        }
        try {
            channel.decode(item);
            return null;
        } catch (SerializationException e) {
            return e.getMessage();
        }
    }

    /** @return whether to keep a streamed item; a refused one is logged, as its producer does not wait for an answer */
    private static boolean allowed(FramedChannel channel, byte[] item) {
        String refusal = refusal(channel, item);
        if (refusal != null) {
            Log.LOG.log(System.Logger.Level.WARNING, "dropped an item put by a remote process: " + refusal);
        }
        return refusal == null;
    }

    private void answerRequests(FramedChannel channel) throws InterruptedException {
        Lending lending = new Lending(this);
        try {
            answerRequests(channel, lending);
        } finally {
            lending.end();
        }
    }

    private void answerRequests(FramedChannel channel, Lending lending) throws InterruptedException {
        while (true) {
            byte[] request = channel.read();
            ByteBuffer fields = ByteBuffer.wrap(request);
            byte op = fields.get();
            long timeout = fields.getLong();
            switch (op) {
                case QueueProtocol.OP_PUT -> {
                    byte[] item = new byte[fields.remaining()];
                    fields.get(item);
                    String refusal = refusal(channel, item);
                    if (refusal != null) {
                        reply(channel, QueueProtocol.ERROR, refusal.getBytes(StandardCharsets.UTF_8));
                    } else {
                        reply(channel, put(item, timeout) ? QueueProtocol.OK : QueueProtocol.FULL, null);
                    }
                }
                case QueueProtocol.OP_GET -> answerGet(channel, timeout);
                case QueueProtocol.OP_TAKE_SOME -> {
                    if (!lending.answer(channel, fields, timeout)) {
                        return;
                    }
                }
                case QueueProtocol.OP_SIZE -> reply(channel, QueueProtocol.OK, ByteBuffer.allocate(4).putInt(size()).array());
                case QueueProtocol.OP_TASK_DONE -> {
                    try {
                        taskDone();
                        reply(channel, QueueProtocol.OK, null);
                    } catch (IllegalStateException e) {
                        reply(channel, QueueProtocol.ERROR, e.getMessage().getBytes(StandardCharsets.UTF_8));
                    }
                }
                case QueueProtocol.OP_JOIN -> reply(channel, join(timeout) ? QueueProtocol.OK : QueueProtocol.TIMED_OUT, null);
                default -> {
                    reply(channel, QueueProtocol.ERROR, ("unknown queue request " + op).getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
        }
    }

    private void answerGet(FramedChannel channel, long timeout) throws InterruptedException {
        Object item = take(timeout);
        if (item == null) {
            reply(channel, QueueProtocol.EMPTY, null);
            return;
        }
        try {
            reply(channel, QueueProtocol.OK, item instanceof RawBytes raw ? ObjectCodec.encode(raw.value()) : (byte[]) item);
        } catch (ConnectionException e) {
            giveBack(item);
            throw e;
        }
    }

    static void reply(FramedChannel channel, byte status, byte[] payload) {
        int length = payload == null ? 0 : payload.length;
        ByteBuffer answer = ByteBuffer.allocate(1 + length).put(status);
        if (payload != null) {
            answer.put(payload);
        }
        channel.write(answer.flip());
    }
}
