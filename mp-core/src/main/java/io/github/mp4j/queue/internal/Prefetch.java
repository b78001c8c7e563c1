package io.github.mp4j.queue.internal;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.resource.MappedSegment;
import io.github.mp4j.transport.FramedChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A consumer's items taken from another process's unbounded queue in batches, so that a
 * {@code get} costs a round trip to the owner only once per batch ({@link QueueProtocol} draws
 * the request). Every handle of the queue in this process shares it, through {@link RemoteQueue}.
 *
 * <p>Why no other consumer starves: a batch is asked for only when this process holds nothing;
 * the owner hands out only what is there at that moment, at most this consumer's share of it
 * (the items divided among the consumers taking batches), at most {@link #items()} items and
 * {@link #MAX_BYTES} bytes. A getter that finds the owner's queue empty for a moment recalls
 * what consumers hold and have not taken ({@link Lending}), so no item waits here while a getter
 * waits for one longer than that. What this process
 * holds also goes back to the head of the queue when its connection ends: when the last handle
 * is closed or dropped, when a {@code get} is interrupted, when the process exits or is killed.
 */
final class Prefetch {

    /** The system property that sets the most items per batch; 1 turns batches off. */
    static final String ITEMS_PROPERTY = "mp4j.queue.prefetch";
    /**
     * The most items per batch unless {@link #ITEMS_PROPERTY} says otherwise. The fair share and
     * {@link #MAX_BYTES} keep a batch small when few items wait or items are large; this bound
     * matters when many small items wait, where each round trip saved is worth its cost in a
     * consumer JVM that is still cold: 1024 rather than 128 cut the consumers' CPU per item of
     * {@code queue_fanout_msgs_per_s} (4 producers, 4 consumers, fresh JVMs) by about a fifth.
     */
    static final int DEFAULT_ITEMS = 1024;
    /** The most bytes per batch (a larger item comes alone). */
    static final int MAX_BYTES = 256 << 10;
    /** What {@link #take} returns when the caller should ask the owner for one item instead. */
    static final Object ONE_BY_ONE = new Object();

    private static final int ITEMS = Integer.getInteger(ITEMS_PROPERTY, DEFAULT_ITEMS);

    private final RemoteQueue queue;
    private final ReentrantLock lock = new ReentrantLock();
    /** Items fetched and not taken yet; guarded by lock, as are the fields below but for held. */
    private final ArrayDeque<byte[]> items = new ArrayDeque<>();
    private FramedChannel channel;
    private MappedSegment counter;
    private boolean counterSent;
    /** The owner cannot lend to this process: gets go one by one from now on. */
    private boolean refused;
    /** Set when the batch is to be given back as soon as the thread fetching lets go. */
    private volatile boolean dropRequested;
    /** How many items are held, read without the lock. */
    private volatile int held;

    Prefetch(RemoteQueue queue) {
        this.queue = queue;
    }

    /** @return the most items per batch ({@link #ITEMS_PROPERTY}); 1 or less: no batches */
    static int items() {
        return ITEMS;
    }

    /**
     * Takes the next item, from what this process holds or from a new batch.
     *
     * @param timeoutNanos how long to wait (negative: forever)
     * @return the serialized item; {@code null} if none came in time; {@link #ONE_BY_ONE} if this
     *     get should go to the owner for a single item (batches are refused, or another thread of
     *     this process is waiting for a batch and this get may not wait)
     */
    Object take(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        if (!lock(timeoutNanos)) {
            return timeoutNanos == 0 ? ONE_BY_ONE : null;
        }
        try {
            byte[] item = next();
            boolean fetched = false;
            while (item == null) {
                long remaining = timeoutNanos < 0 ? timeoutNanos : Math.max(0, deadline - System.nanoTime());
                if (refused) {
                    return ONE_BY_ONE;
                }
                if (fetched && remaining == 0) {
                    return null;
                }
                // a batch the owner recalled before this get took from it counts as no batch: ask again
                fetch(remaining);
                fetched = true;
                item = next();
            }
            return item;
        } finally {
            if (dropRequested) {
                drop();
            }
            lock.unlock();
        }
    }

    private boolean lock(long timeoutNanos) {
        try {
            if (timeoutNanos < 0) {
                lock.lockInterruptibly();
                return true;
            }
            return lock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            throw new MpInterruptedException(LocalQueue.AN_ITEM, e);
        }
    }

    /**
     * Takes the next item held, counting it as taken in the shared counter ({@link Lending} draws
     * it) unless the owner recalled the rest of the batch, which is then dropped here.
     *
     * @return the item, or {@code null} if none is held (any more)
     */
    private byte[] next() {
        while (!items.isEmpty()) {
            // the lock orders these accesses before drop()'s close, which is why they need no enter()/exit()
            long value = counter.getLongAcquire(0);
            if ((int) value >= (int) (value >>> 32)) {
                items.clear();
            } else if (counter.compareAndSetLong(0, value, value + 1)) {
                byte[] item = items.pollFirst();
                held = items.size();
                return item;
            }
        }
        held = 0;
        return null;
    }

    /**
     * @return how many items this process holds and may still take (a batch the owner recalled
     *     counts no more); a moment's view
     */
    int held() {
        if (!lock.tryLock()) {
            return held;   // a get is busy: what it saw last
        }
        try {
            if (items.isEmpty()) {
                return 0;
            }
            long value = counter.getLongAcquire(0);
            return Math.max(0, Math.min(items.size(), (int) (value >>> 32) - (int) value));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives back what this process holds, now if no thread is fetching, else as soon as it is
     * done; the next get starts a new connection.
     */
    void release() {
        dropRequested = true;
        if (lock.tryLock()) {
            try {
                drop();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Closing the connection is the give-back: the owner puts back what the counter does not count. */
    private void drop() {
        dropRequested = false;
        items.clear();
        held = 0;
        if (channel != null) {
            channel.close("the items this process held were given back to the queue");
            channel = null;
        }
        if (counter != null) {
            counter.close();
            counter = null;
        }
    }

    private void fetch(long timeoutNanos) {
        if (channel == null && !connect()) {
            return;
        }
        byte[] name = counterSent ? new byte[0] : counter.name().getBytes(StandardCharsets.UTF_8);
        ByteBuffer request = ByteBuffer.allocate(QueueProtocol.REQUEST_HEADER_BYTES + QueueProtocol.TAKE_SOME_LIMITS_BYTES
                + name.length).put(QueueProtocol.OP_TAKE_SOME).putLong(timeoutNanos).putInt(ITEMS).putInt(MAX_BYTES).put(name);
        byte[] answer;
        try {
            channel.write(request.flip());
            counterSent = true;
            answer = channel.read();
        } catch (RuntimeException e) {
            FramedChannel failed = channel;
            channel = null;
            drop();
            throw queue.requestFailed(failed, e);
        }
        receive(answer);
    }

    private boolean connect() {
        try {
            counter = MappedSegment.create(QueueProtocol.COUNTER_SUFFIX, QueueProtocol.COUNTER_BYTES);
        } catch (IOException e) {
            refused = true;
            return false;
        }
        channel = queue.connectForRequests();
        counterSent = false;
        return true;
    }

    private void receive(byte[] answer) {
        ByteBuffer fields = ByteBuffer.wrap(answer);
        byte status = fields.get();
        if (status == QueueProtocol.ERROR) {
            refused = true;
            drop();
            return;
        }
        if (status != QueueProtocol.OK) {
            return;
        }
        int count = fields.getInt();
        for (int i = 0; i < count; i++) {
            byte[] item = new byte[fields.getInt()];
            fields.get(item);
            items.addLast(item);
        }
        held = items.size();
    }
}
