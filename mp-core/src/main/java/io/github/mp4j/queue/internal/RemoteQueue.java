package io.github.mp4j.queue.internal;

import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.ConnectionException;
import io.github.mp4j.connection.internal.FramedChannel;
import io.github.mp4j.queue.QueueClosedException;
import io.github.mp4j.runtime.CurrentProcess;
import io.github.mp4j.runtime.internal.ObjectServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Access to a queue owned by another process. Puts on an unbounded queue stream through a
 * {@link Feeder}; everything else is a request answered by the owner, on a connection borrowed
 * from a small pool so that concurrent callers do not wait for each other.
 */
final class RemoteQueue implements QueueBackend {

    private final Address owner;
    private final long id;
    private final boolean streamed;
    private final ConcurrentLinkedDeque<FramedChannel> idle = new ConcurrentLinkedDeque<>();
    private Feeder feeder;

    RemoteQueue(Address owner, long id, boolean streamed) {
        this.owner = owner;
        this.id = id;
        this.streamed = streamed;
    }

    @Override
    public boolean put(byte[] item, long timeoutNanos) {
        return streamed ? stream(feeder -> feeder.send(item))
                : request(QueueProtocol.OP_PUT, timeoutNanos, item)[0] == QueueProtocol.OK;
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
        } catch (ConnectionException e) {
            throw ownerGone(e);
        } catch (InterruptedException e) {
            throw LocalQueue.interrupted(e);
        }
        return true;
    }

    @Override
    public Object take(long timeoutNanos) {
        byte[] answer = request(QueueProtocol.OP_GET, timeoutNanos, null);
        if (answer[0] != QueueProtocol.OK) {
            return null;
        }
        byte[] item = new byte[answer.length - 1];
        System.arraycopy(answer, 1, item, 0, item.length);
        return item;
    }

    @Override
    public int size() {
        return ByteBuffer.wrap(request(QueueProtocol.OP_SIZE, 0, null), 1, 4).getInt();
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

    @Override
    public void close() {
        Feeder f;
        synchronized (this) {
            f = feeder;
        }
        if (f != null) {
            f.close();
        }
        for (FramedChannel channel = idle.poll(); channel != null; channel = idle.poll()) {
            channel.close("the queue handle was closed");
        }
    }

    private synchronized Feeder feeder() {
        if (feeder == null) {
            feeder = new Feeder(connect(ObjectServer.SERVICE_QUEUE_STREAM));
            Feeder created = feeder;
            CurrentProcess.beforeExit(created::flush);
        }
        return feeder;
    }

    private byte[] request(byte op, long timeoutNanos, byte[] item) {
        FramedChannel channel = idle.poll();
        if (channel == null) {
            channel = connect(ObjectServer.SERVICE_QUEUE_REQUESTS);
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
            return answer;
        } catch (ConnectionException e) {
            channel.close("the queue's owner is gone");
            if (e.getCause() instanceof java.nio.channels.ClosedByInterruptException) {
                java.util.concurrent.CancellationException cancelled =
                        new java.util.concurrent.CancellationException("interrupted while waiting on a queue");
                cancelled.initCause(e);
                throw cancelled;
            }
            throw ownerGone(e);
        }
    }

    private FramedChannel connect(int service) {
        try {
            return ObjectServer.connect(owner, CurrentProcess.authKey(), service, id, 0);
        } catch (ConnectionException e) {
            throw ownerGone(e);
        }
    }

    private QueueClosedException ownerGone(ConnectionException e) {
        return new QueueClosedException("the process that created this queue is unreachable (" + e.getMessage()
                + "); a queue's items live in the process that created it, so the queue ends with that process", e);
    }
}
