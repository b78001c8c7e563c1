package io.github.mp4j.queue.internal;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.connection.ConnectionClosedException;
import io.github.mp4j.connection.ConnectionException;
import io.github.mp4j.transport.FramedChannel;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends the items this process puts on another process's queue, in order, on a thread of its
 * own (CPython's feeder thread): {@code put} only serializes and hands over, and items put in a
 * burst leave in as few system calls as the socket allows.
 *
 * <p>Unlike CPython's, the owner of the queue reads every item as soon as it arrives, so
 * {@link #flush()} at exit always finishes: a child never deadlocks with a parent that joins it
 * before draining the queue.
 *
 * <p>Also unlike CPython's, the items waiting to be sent are bounded. They are framed straight
 * into one of two buffers of {@value #BUFFER_BYTES} bytes (no object per item): the feeder thread
 * writes one while {@code put} fills the other, and once both are full, {@code put} waits. A
 * producer faster than the connection would otherwise pile up every item it put in memory. An
 * item too large for a buffer, or of {@value #DIRECT_BYTES} bytes or more, is not handed over at
 * all: the putting thread writes it itself ({@link #sendNow}), straight from its encoding buffer,
 * once the items before it have left.
 */
final class Feeder {

    /** Made on first use: System.getLogger starts java.util.logging, which a child JVM pays for only if it logs. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(Feeder.class.getName());
    }

    /** The longest a flush waits for the queue's owner (at exit, say) before it gives up. */
    static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);
    /** Items from this size on are written by the putting thread, straight from its encoding buffer. */
    static final int DIRECT_BYTES = 64 << 10;
    /** The size of each of the two buffers of framed items. */
    static final int BUFFER_BYTES = 128 << 10;

    private static final byte[] RAW_BYTES_FRAME = {QueueProtocol.RAW_BYTES};

    private final FramedChannel channel;
    /** Completes when the owner writes on the stream: a sync answer, or the end of the stream when it is gone. */
    private CompletableFuture<?> ownerSignal;
    private boolean unsynced;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition drained = lock.newCondition();
    /** Signalled when the feeder thread takes the pending items. */
    private final Condition taken = lock.newCondition();
    /** Framed items not yet taken by the feeder thread; guarded by lock. */
    private ByteBuffer pending = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private boolean sending;
    private boolean stopped;
    private ConnectionException failure;

    Feeder(FramedChannel channel) {
        this.channel = channel;
        this.ownerSignal = channel.readable();
        Thread thread = new Thread(this::run, "mp4j-queue-feeder");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues one serialized item for sending, waiting while both buffers are full; fails if an
     * earlier send failed.
     *
     * @param item the item, from position to limit; consumed before this returns
     * @throws InterruptedException if interrupted while waiting for room
     */
    void send(ByteBuffer item) throws InterruptedException {
        int framed = FramedChannel.framedBytes(item.remaining());
        if (framed > BUFFER_BYTES) {
            sendNow(item);
            return;
        }
        lock.lock();
        try {
            while (failure == null && pending.remaining() < framed) {
                taken.await();
            }
            if (failure == null && ownerSignal.isDone()) {
                failure = new ConnectionClosedException("the queue's owner closed the connection: it has exited");
            }
            if (failure != null) {
                throw failure;
            }
            unsynced = true;
            channel.appendFrame(pending, item);
            if (!sending) {
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** As {@link #send(ByteBuffer)}, for an item in an array of its own. */
    void send(byte[] item) throws InterruptedException {
        send(ByteBuffer.wrap(item));
    }

    /**
     * Writes one serialized item on the calling thread, once every item handed over before it has
     * been sent: a large item then costs no copy into a pending list.
     *
     * @param item the item, valid only during this call
     * @throws InterruptedException if interrupted while earlier items are still being sent
     */
    void sendNow(ByteBuffer item) throws InterruptedException {
        sendFramesNow(List.<ByteBuffer[]>of(new ByteBuffer[] {item}));
    }

    /**
     * Writes a byte-array item as is ({@link QueueProtocol#RAW_BYTES}) on the calling thread,
     * once every item handed over before it has been sent: the array is copied only into the
     * connection, and the owner reads it straight into the array it keeps.
     *
     * @param value the item, read only during this call
     * @throws InterruptedException if interrupted while earlier items are still being sent
     */
    void sendBytesNow(byte[] value) throws InterruptedException {
        sendFramesNow(List.of(new ByteBuffer[] {ByteBuffer.wrap(RAW_BYTES_FRAME)}, new ByteBuffer[] {ByteBuffer.wrap(value)}));
    }

    private void sendFramesNow(List<ByteBuffer[]> frames) throws InterruptedException {
        lock.lock();
        try {
            while (failure == null && (sending || pending.position() > 0)) {
                drained.await();
            }
            if (failure == null && ownerSignal.isDone()) {
                failure = new ConnectionClosedException("the queue's owner closed the connection: it has exited");
            }
            if (failure != null) {
                throw failure;
            }
            unsynced = true;
            try {
                channel.writeBatch(frames);
            } catch (ConnectionException e) {
                failure = e;
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the owner has every item handed over so far in its queue. Failures are left for
     * the next {@link #send}: this runs at exit, where nothing could report them.
     */
    void flush() {
        long deadline = System.nanoTime() + FLUSH_TIMEOUT.toNanos();
        lock.lock();
        try {
            while ((sending || pending.position() > 0) && failure == null) {
                if (drained.awaitNanos(deadline - System.nanoTime()) <= 0) {
                    giveUp(pending.position() + " bytes of items not yet sent" + (sending ? ", more being sent" : ""));
                    return;
                }
            }
            if (failure != null || !unsynced) {
                return;
            }
            channel.write(ByteBuffer.allocate(0));
            ownerSignal.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            channel.read();
            unsynced = false;
            ownerSignal = channel.readable();
        } catch (ConnectionException e) {
            failure = e;
        } catch (ExecutionException e) {
            failure = new ConnectionClosedException("the queue's owner is gone: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            giveUp("the owner did not confirm the last items");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            giveUp("interrupted");
        } catch (MpInterruptedException e) {
            giveUp("interrupted"); // in the channel, which is now closed; the interrupt status is set again
        } finally {
            lock.unlock();
        }
    }

    /** A flush that cannot finish must not keep a process from exiting: say so, and move on. */
    private void giveUp(String what) {
        failure = new ConnectionClosedException("the queue's owner did not take this process's items within "
                + FLUSH_TIMEOUT + " (" + what + ")");
        Log.LOG.log(System.Logger.Level.WARNING, "{0}; they may be lost", failure.getMessage());
    }

    /** Flushes, then stops the thread and closes the connection. */
    void close() {
        flush();
        lock.lock();
        try {
            stopped = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        channel.close("the queue handle was closed");
    }

    private void run() {
        ByteBuffer batch = ByteBuffer.allocateDirect(BUFFER_BYTES);
        while (true) {
            lock.lock();
            try {
                sending = false;
                drained.signalAll();
                while (pending.position() == 0 && !stopped) {
                    work.awaitUninterruptibly();
                }
                if (pending.position() == 0) {
                    return;
                }
                ByteBuffer swap = pending;
                pending = batch;
                batch = swap;
                sending = true;
                taken.signalAll();
            } finally {
                lock.unlock();
            }
            try {
                channel.writeFramed(batch.flip());
            } catch (ConnectionException e) {
                fail(e);
                return;
            }
            batch.clear();
        }
    }

    private void fail(ConnectionException e) {
        lock.lock();
        try {
            failure = e;
            sending = false;
            pending.clear();
            drained.signalAll();
            taken.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
