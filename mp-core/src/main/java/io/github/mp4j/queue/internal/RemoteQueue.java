package io.github.mp4j.queue.internal;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.ConnectionException;
import io.github.mp4j.queue.QueueClosedException;
import io.github.mp4j.runtime.CurrentProcess;
import io.github.mp4j.serial.SerializationException;
import io.github.mp4j.runtime.ExitSequence;
import io.github.mp4j.runtime.HandleCleaner;
import io.github.mp4j.transport.FramedChannel;
import io.github.mp4j.transport.ObjectServer;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Access to a queue owned by another process. Puts on an unbounded queue stream through a
 * {@link Feeder}; everything else is a request answered by the owner, on a connection borrowed
 * from a small pool so that concurrent callers do not wait for each other.
 *
 * <p>Every handle of one queue in this process shares one {@code RemoteQueue}, and so its
 * connections: a worker that decodes a handle for each task it runs (a progress queue passed to
 * every call, say) holds one feeder connection to the owner, not one per task. Each handle holds
 * a {@link Share}; when the last share is given back, by {@link QueueHandle#close()} or because
 * the garbage collector found every handle unreachable, the connections are closed (after what
 * was put has been handed over) and the owner's side of them ends.
 */
final class RemoteQueue implements QueueBackend {

    /** The remote queues this process reaches, by owner and id; guarded by itself. */
    private static final Map<String, RemoteQueue> SHARED = new HashMap<>();

    private final Address owner;
    private final long id;
    private final boolean streamed;
    /** Gets in batches, for an unbounded queue; {@code null} for a bounded one. */
    private final Prefetch prefetch;
    private final String key;
    private final ConcurrentLinkedDeque<FramedChannel> idle = new ConcurrentLinkedDeque<>();
    /** Guarded by this; a new one is made after the last share closed the previous one. */
    private Feeder feeder;
    /** Removes the feeder's flush from the exit sequence; guarded by this. */
    private Runnable cancelFlushAtExit;
    /** Shares not given back yet; guarded by SHARED. */
    private int shares;
    /** Set once this is no longer shared: a connection given back afterwards is closed. */
    private volatile boolean retired;

    private RemoteQueue(Address owner, long id, boolean streamed, boolean unbounded, String key) {
        this.owner = owner;
        this.id = id;
        this.streamed = streamed;
        this.prefetch = unbounded && Prefetch.items() > 1 ? new Prefetch(this) : null;
        this.key = key;
    }

    /**
     * Takes a share of this process's access to a remote queue, for one handle; see
     * {@link Share#releaseWhenUnreachable}.
     *
     * @param owner the owner's server
     * @param id the queue's id there
     * @param streamed whether puts stream (an unbounded, non-joinable queue)
     * @param unbounded whether gets may take items in batches ({@link Prefetch})
     * @return the handle's backend
     */
    static Share share(Address owner, long id, boolean streamed, boolean unbounded) {
        String key = owner + "#" + id;
        synchronized (SHARED) {
            RemoteQueue queue = SHARED.computeIfAbsent(key, k -> new RemoteQueue(owner, id, streamed, unbounded, k));
            queue.shares++;
            return new Share(queue);
        }
    }

    /** One handle's use of a shared {@link RemoteQueue}. */
    static final class Share implements QueueBackend {

        private final RemoteQueue queue;
        private volatile Cleaner.Cleanable release;

        private Share(RemoteQueue queue) {
            this.queue = queue;
        }

        /**
         * Gives the share back once its handle is unreachable, if it was not closed before.
         * Called once, right after the handle is made.
         *
         * @param handle the handle this share is for
         */
        @Override
        public void releaseWhenUnreachable(Object handle) {
            RemoteQueue shared = queue;
            release = HandleCleaner.whenUnreachable(handle, shared::giveBack);
        }

        @Override
        public boolean put(byte[] item, long timeoutNanos) {
            return queue.put(item, timeoutNanos);
        }

        @Override
        public boolean put(ByteBuffer item, long timeoutNanos) {
            return queue.put(item, timeoutNanos);
        }

        @Override
        public boolean putBytes(byte[] value, long timeoutNanos) {
            return queue.putBytes(value, timeoutNanos);
        }

        @Override
        public Object take(long timeoutNanos) {
            return queue.take(timeoutNanos);
        }

        @Override
        public int size() {
            return queue.size();
        }

        @Override
        public void interrupted() {
            queue.interrupted();
        }

        @Override
        public void taskDone() {
            queue.taskDone();
        }

        @Override
        public boolean join(long timeoutNanos) {
            return queue.join(timeoutNanos);
        }

        /** Hands over what this process put, then gives the share back (once). */
        @Override
        public void close() {
            queue.flush();
            release.clean();
        }
    }

    /** The last share closes the connections; a share taken meanwhile opens new ones, after. */
    private void giveBack() {
        synchronized (SHARED) {
            if (--shares > 0) {
                return;
            }
        }
        close();
        if (prefetch != null) {
            prefetch.release();
        }
        synchronized (SHARED) {
            if (shares == 0 && SHARED.remove(key, this)) {
                retired = true;
            }
        }
        closeIdle();
    }

    @Override
    public boolean put(byte[] item, long timeoutNanos) {
        if (streamed) {
            return stream(feeder -> feeder.send(item));
        }
        byte[] answer = request(QueueProtocol.OP_PUT, timeoutNanos, item);
        if (answer[0] == QueueProtocol.ERROR) {
            // the owner refused to decode it (a class not on its allow-list)
            throw new SerializationException(new String(answer, 1, answer.length - 1, StandardCharsets.UTF_8));
        }
        return answer[0] == QueueProtocol.OK;
    }

    @Override
    public boolean put(ByteBuffer item, long timeoutNanos) {
        if (!streamed) {
            return QueueBackend.super.put(item, timeoutNanos);
        }
        return stream(feeder -> {
            if (item.remaining() >= Feeder.DIRECT_BYTES) {
                feeder.sendNow(item);
            } else {
                feeder.send(item);
            }
        });
    }

    @Override
    public boolean putBytes(byte[] value, long timeoutNanos) {
        return streamed ? stream(feeder -> feeder.sendBytesNow(value)) : QueueBackend.super.putBytes(value, timeoutNanos);
    }

    /** What a put does with the stream's feeder. */
    private interface FeederSend {
        void send(Feeder feeder) throws InterruptedException;
    }

    private boolean stream(FeederSend send) {
        try {
            send.send(feeder());
        } catch (MpInterruptedException e) {
            // the channel closed itself in the middle of a large item: the next put opens another stream
            close();
            throw new MpInterruptedException(LocalQueue.ROOM, e);
        } catch (ConnectionException e) {
            if (Thread.currentThread().isInterrupted()) {
                // the interrupt closed the stream in the middle of a large item: the next put opens another
                close();
                throw new MpInterruptedException(LocalQueue.ROOM, e);
            }
            throw ownerGone(e);
        } catch (InterruptedException e) {
            throw new MpInterruptedException(LocalQueue.ROOM, e);
        }
        return true;
    }

    @Override
    public Object take(long timeoutNanos) {
        if (prefetch != null) {
            Object item = prefetch.take(timeoutNanos);
            if (item != Prefetch.ONE_BY_ONE) {
                return item;
            }
        }
        byte[] answer = request(QueueProtocol.OP_GET, timeoutNanos, null);
        if (answer[0] != QueueProtocol.OK) {
            return null;
        }
        byte[] item = new byte[answer.length - 1];
        System.arraycopy(answer, 1, item, 0, item.length);
        return item;
    }

    /** @return the items at the owner, plus those this process holds ({@link Prefetch}) */
    @Override
    public int size() {
        int atOwner = ByteBuffer.wrap(request(QueueProtocol.OP_SIZE, 0, null), 1, 4).getInt();
        return prefetch == null ? atOwner : atOwner + prefetch.held();
    }

    /** A get was refused because its thread is interrupted: what this process holds goes back. */
    @Override
    public void interrupted() {
        if (prefetch != null) {
            prefetch.release();
        }
    }

    @Override
    public void taskDone() {
        byte[] answer = request(QueueProtocol.OP_TASK_DONE, 0, null);
        if (answer[0] == QueueProtocol.ERROR) {
            throw new IllegalStateException(new String(answer, 1, answer.length - 1, StandardCharsets.UTF_8));
        }
    }

    @Override
    public boolean join(long timeoutNanos) {
        return request(QueueProtocol.OP_JOIN, timeoutNanos, null)[0] == QueueProtocol.OK;
    }

    /**
     * Closes the connections, after the feeder handed over what was put. Holds this object's lock
     * throughout, so that a put through a share taken meanwhile waits and then opens a new feeder:
     * its items cannot overtake those still being handed over.
     */
    @Override
    public synchronized void close() {
        if (feeder != null) {
            cancelFlushAtExit.run();
            feeder.close();
            feeder = null;
            cancelFlushAtExit = null;
        }
        closeIdle();
    }

    private void closeIdle() {
        for (FramedChannel channel = idle.poll(); channel != null; channel = idle.poll()) {
            channel.close("the queue handle was closed");
        }
    }

    /** Waits until the owner has what this process put so far. */
    private void flush() {
        Feeder f;
        synchronized (this) {
            f = feeder;
        }
        if (f != null) {
            f.flush();
        }
    }

    private synchronized Feeder feeder() {
        if (feeder == null) {
            feeder = new Feeder(connect(QueueProtocol.SERVICE_STREAM));
            cancelFlushAtExit = ExitSequence.add(ExitSequence.Step.FLUSH, feeder::flush);
        }
        return feeder;
    }

    private byte[] request(byte op, long timeoutNanos, byte[] item) {
        FramedChannel channel = idle.poll();
        if (channel == null) {
            channel = connect(QueueProtocol.SERVICE_REQUESTS);
        }
        try {
            int itemBytes = item == null ? 0 : item.length;
            ByteBuffer request = ByteBuffer.allocate(QueueProtocol.REQUEST_HEADER_BYTES + itemBytes)
                    .put(op).putLong(timeoutNanos);
            if (item != null) {
                request.put(item);
            }
            channel.write(request.flip());
            byte[] answer = channel.read();
            idle.push(channel);
            if (retired) {
                closeIdle();
            }
            return answer;
        } catch (RuntimeException e) {
            throw requestFailed(channel, e);
        }
    }

    /**
     * Closes a request connection whose write or read failed.
     *
     * @param channel the connection
     * @param e what the write or read threw
     * @return what the caller throws
     */
    RuntimeException requestFailed(FramedChannel channel, RuntimeException e) {
        if (e instanceof MpInterruptedException
                || e instanceof ConnectionException && Thread.currentThread().isInterrupted()) {
            // the interrupt closed the channel, perhaps mid-frame; the next request opens another
            channel.close("a thread using it was interrupted");
            return new MpInterruptedException("an answer from the queue's owner", e);
        }
        if (e instanceof ConnectionException connection) {
            channel.close("the queue's owner is gone");
            return ownerGone(connection);
        }
        return e;
    }

    /** @return a new connection for requests, not shared with other threads */
    FramedChannel connectForRequests() {
        return connect(QueueProtocol.SERVICE_REQUESTS);
    }

    private FramedChannel connect(int service) {
        try {
            return ObjectServer.connect(owner, CurrentProcess.authKey(), service, id, 0);
        } catch (MpInterruptedException e) {
            throw new MpInterruptedException("a connection to the queue's owner", e);
        } catch (ConnectionException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new MpInterruptedException("a connection to the queue's owner", e);
            }
            throw ownerGone(e);
        }
    }

    private QueueClosedException ownerGone(ConnectionException e) {
        return new QueueClosedException("the process that created this queue is unreachable (" + e.getMessage()
                + "); a queue's items live in the process that created it, so the queue ends with that process", e);
    }
}
