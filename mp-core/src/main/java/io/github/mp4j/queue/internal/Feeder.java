package io.github.mp4j.queue.internal;

import io.github.mp4j.connection.ConnectionException;
import io.github.mp4j.connection.internal.FramedChannel;
import java.util.ArrayList;
import java.util.List;
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
 */
final class Feeder {

    private final FramedChannel channel;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private List<byte[]> pending = new ArrayList<>();
    private boolean sending;
    private boolean stopped;
    private ConnectionException failure;

    Feeder(FramedChannel channel) {
        this.channel = channel;
        Thread thread = new Thread(this::run, "mp4j-queue-feeder");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues one serialized item for sending; fails if an earlier send failed. */
    void send(byte[] item) {
        lock.lock();
        try {
            if (failure != null) {
                throw failure;
            }
            pending.add(item);
            if (!sending) {
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every item handed over so far has been written to the socket. */
    void flush() {
        lock.lock();
        try {
            while ((sending || !pending.isEmpty()) && failure == null) {
                drained.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
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
        List<byte[]> batch = new ArrayList<>();
        while (true) {
            lock.lock();
            try {
                sending = false;
                drained.signalAll();
                while (pending.isEmpty() && !stopped) {
                    work.awaitUninterruptibly();
                }
                if (pending.isEmpty()) {
                    return;
                }
                List<byte[]> swap = pending;
                pending = batch;
                batch = swap;
                sending = true;
            } finally {
                lock.unlock();
            }
            try {
                channel.writeAll(batch);
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
        } finally {
            lock.unlock();
        }
    }
}
