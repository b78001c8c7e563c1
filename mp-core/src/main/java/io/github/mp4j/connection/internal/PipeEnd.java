package io.github.mp4j.connection.internal;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.Connection;
import io.github.mp4j.connection.ConnectionClosedException;
import io.github.mp4j.connection.ConnectionException;
import io.github.mp4j.connection.Pipe;
import io.github.mp4j.runtime.CurrentProcess;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.transport.ChannelBacked;
import io.github.mp4j.transport.FramedChannel;
import io.github.mp4j.transport.Handoff;
import io.github.mp4j.transport.ObjectServer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One end of a pipe. It is connected lazily, on first use, in whichever process uses it (see
 * {@link PipeRendezvous}). Until its peer arrives, what it sends is kept in memory and delivered
 * first, so a parent may send before it starts the child that will receive.
 */
@DefaultSerializer(PipeEnd.Codec.class)
public final class PipeEnd implements Connection, ChannelBacked, Handoff.Handle {

    private final Address owner;
    private final long pipeId;
    private final int end;
    private final boolean readable;
    private final boolean writable;
    /** Non-null in the process that created the pipe. */
    private final PipeRendezvous rendezvous;

    /** Sends what was buffered before the peer connected. */
    private static final Executor FLUSHER = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "mp4j-pipe-flush");
        thread.setDaemon(true);
        return thread;
    });

    /** In the process that created the pipe: set once this end was encoded, to be sent elsewhere. */
    private final AtomicBoolean sentAway = new AtomicBoolean();
    private final Object sendLock = new Object();
    private final List<byte[]> unsent = new ArrayList<>();
    /** Completes once connected and what was buffered is sent: writers wait for this. */
    private CompletableFuture<FramedChannel> attached;
    /**
     * Completes once connected, before what was buffered is sent: readers wait only for this, so
     * that a peer echoing the buffered messages back is read while they are still being sent.
     */
    private CompletableFuture<FramedChannel> connectedOnly;
    private volatile FramedChannel channel;
    private volatile boolean closed;

    private PipeEnd(Address owner, long pipeId, int end, boolean readable, boolean writable, PipeRendezvous rendezvous) {
        this.owner = owner;
        this.pipeId = pipeId;
        this.end = end;
        this.readable = readable;
        this.writable = writable;
        this.rendezvous = rendezvous;
    }

    /**
     * Creates a pipe owned by this process.
     *
     * @param duplex whether both ends may send and receive; otherwise left receives, right sends
     * @return the two ends
     */
    public static Pipe create(boolean duplex) {
        PipeRendezvous rendezvous = PipeRendezvous.create();
        Address address = ObjectServer.local().address();
        PipeEnd left = new PipeEnd(address, rendezvous.id(), 0, true, duplex, rendezvous);
        PipeEnd right = new PipeEnd(address, rendezvous.id(), 1, duplex, true, rendezvous);
        rendezvous.abandonWhenUnreachable(left, 0, left.sentAway);
        rendezvous.abandonWhenUnreachable(right, 1, right.sentAway);
        return new Pipe(left, right);
    }

    /**
     * Called when the process this end was sent to has exited: if no process ever used this end,
     * none will, and its peer is told so instead of waiting forever.
     *
     * @param reason who exited, and how
     */
    @Override
    public void recipientExited(String reason) {
        if (rendezvous != null) {
            rendezvous.abandonIfUnused(end, reason);
        }
    }

    @Override
    public void send(Object value) {
        requireWritable();
        ByteBuffer bytes = ObjectCodec.encodeToBuffer(value);
        FramedChannel ready = readyOrBuffer(bytes);
        if (ready != null) {
            write(ready, bytes);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T recv() {
        byte[] frame = recvBytes();
        // the channel the frame came on: the field is set only once buffered sends are delivered
        return (T) readChannel().decode(frame);
    }

    @Override
    public void sendBytes(byte[] bytes, int offset, int length) {
        requireWritable();
        ByteBuffer view = ByteBuffer.wrap(bytes, offset, length);
        FramedChannel ready = readyOrBuffer(view);
        if (ready != null) {
            write(ready, view);
        }
    }

    private static void write(FramedChannel ch, ByteBuffer message) {
        try {
            ch.write(message);
        } catch (ConnectionException e) {
            throw SocketConnection.interruptedOr(ch, e, SocketConnection.ROOM);
        }
    }

    @Override
    public byte[] recvBytes() {
        requireReadable();
        FramedChannel ch = readChannel();
        try {
            return ch.read();
        } catch (ConnectionException e) {
            throw SocketConnection.interruptedOr(ch, e, SocketConnection.A_MESSAGE);
        }
    }

    @Override
    public int recvBytesInto(byte[] buffer, int offset) {
        requireReadable();
        FramedChannel ch = readChannel();
        try {
            return ch.readInto(buffer, offset);
        } catch (ConnectionException e) {
            throw SocketConnection.interruptedOr(ch, e, SocketConnection.A_MESSAGE);
        }
    }

    @Override
    public boolean poll(Duration timeout) {
        requireReadable();
        long nanos = timeout.toNanos();
        SocketConnection.refuseIfInterrupted(nanos);
        long deadline = System.nanoTime() + nanos;
        FramedChannel ch = await(attach(true), nanos);
        if (ch == null) {
            return false;
        }
        return SocketConnection.awaitReadable(ch, Math.max(0, deadline - System.nanoTime()));
    }

    @Override
    public boolean readable() {
        return readable;
    }

    @Override
    public boolean writable() {
        return writable;
    }

    @Override
    public boolean isClosed() {
        FramedChannel ch = channel;
        return closed || (ch != null && ch.isClosed());
    }

    /**
     * Closes this end. What it sent before is still delivered, as {@link Connection#close()}
     * promises: if the peer has not connected yet, the messages kept for it stay until it does
     * (as long as this process lives), and the connection is closed after they are written. If
     * the peer is already connecting, this waits until they are written.
     */
    @Override
    public void close() {
        FramedChannel ch;
        CompletableFuture<FramedChannel> delivery = null;
        synchronized (sendLock) {
            closed = true;
            ch = channel;
            if (ch == null && !unsent.isEmpty()) {
                delivery = attached;
            } else if (ch == null && rendezvous != null) {
                rendezvous.closeUnconnected(end);
            }
        }
        if (ch != null) {
            ch.close("this end of the pipe was closed");
        } else if (delivery != null && connectedOnly.isDone()) {
            // the peer is here: the flush is under way, and a process may exit right after close
            delivery.handle((channel, failure) -> null).join();
        }
    }

    @Override
    public FramedChannel channel() {
        return awaitChannel(-1);
    }

    /** @return the channel as soon as it is connected, for reading; see {@link #connectedOnly} */
    private FramedChannel readChannel() {
        FramedChannel ch = channel;
        return ch != null ? ch : await(attach(true), -1);
    }

    /**
     * Either returns the connected channel (after delivering anything buffered), or buffers a copy
     * of {@code bytes} until the peer arrives and returns {@code null}.
     */
    private FramedChannel readyOrBuffer(ByteBuffer bytes) {
        FramedChannel ch = channel;
        if (ch != null) {
            return ch;
        }
        CompletableFuture<FramedChannel> future = attach(false);
        synchronized (sendLock) {
            if (channel != null) {
                return channel;
            }
            if (future.isDone()) {
                return awaitChannel(-1);
            }
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            unsent.add(copy);
            PipeDeliveries.keeping(this, connectedOnly, future);
            return null;
        }
    }

    /**
     * Starts connecting this end, once.
     *
     * @param forReading whether the caller only reads, and so need not wait for buffered messages to be sent
     * @return completes when the end is connected (and, unless {@code forReading}, its buffer sent)
     */
    private synchronized CompletableFuture<FramedChannel> attach(boolean forReading) {
        if (closed) {
            throw new ConnectionClosedException("this end of the pipe was closed");
        }
        if (attached == null) {
            CompletableFuture<FramedChannel> claim = rendezvous == null ? null : rendezvous.claimHere(end);
            if (claim == null) {
                claim = CompletableFuture.completedFuture(connectToOwner());
            }
            connectedOnly = claim;
            // On a thread of its own: a reader waiting for connectedOnly could otherwise end up
            // running this flush itself (a future's waiter may run its dependent stages), and block
            // in it while the peer waits for that reader.
            attached = claim.thenApplyAsync(channel -> {
                connected(channel);
                return channel;
            }, FLUSHER);
            attached.whenComplete((channel, failure) -> PipeDeliveries.delivered(this));
        }
        return forReading ? connectedOnly : attached;
    }

    /** Connects this end, received from the pipe's owner, to it; an interrupted attempt may be made again. */
    private FramedChannel connectToOwner() {
        try {
            return ObjectServer.connect(owner, CurrentProcess.authKey(), PipeRendezvous.SERVICE_ATTACH, pipeId, end);
        } catch (MpInterruptedException e) {
            throw new MpInterruptedException("a connection to the pipe's owner", e);
        } catch (ConnectionException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new MpInterruptedException("a connection to the pipe's owner", e);
            }
            throw e;
        }
    }

    /** Sends what was buffered; if this end was closed meanwhile, closes the channel after that. */
    private void connected(FramedChannel ch) {
        synchronized (sendLock) {
            try {
                ch.writeAll(unsent);
            } finally {
                unsent.clear();
                if (closed) {
                    ch.close("this end of the pipe was closed");
                }
            }
            channel = ch;
        }
    }

    /** @return the channel, or {@code null} if it did not connect within the timeout (negative: forever) */
    private FramedChannel awaitChannel(long timeoutNanos) {
        FramedChannel ch = channel;
        if (ch != null) {
            return ch;
        }
        return await(attach(false), timeoutNanos);
    }

    /**
     * @param future the connection to wait for
     * @param timeoutNanos how long (negative: forever)
     * @return the channel, or {@code null} if it did not connect within the timeout (never with no timeout)
     * @throws ConnectionClosedException if this end was closed or could not connect
     * @throws MpInterruptedException if the thread was interrupted while waiting
     */
    private FramedChannel await(CompletableFuture<FramedChannel> future, long timeoutNanos) {
        FramedChannel ch;
        try {
            if (timeoutNanos == 0 && !future.isDone()) {
                return null;
            }
            ch = timeoutNanos < 0 ? future.get() : future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (CancellationException e) {
            throw new ConnectionClosedException("this end of the pipe was closed");
        } catch (ExecutionException e) {
            throw new ConnectionClosedException("this pipe end could not connect: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            throw new MpInterruptedException("the other end of the pipe to connect", e);
        }
        if (closed) {
            throw new ConnectionClosedException("this end of the pipe was closed");
        }
        return ch;
    }

    private void requireReadable() {
        if (!readable) {
            throw new IllegalStateException("this end of a one-way pipe can only send");
        }
    }

    private void requireWritable() {
        if (!writable) {
            throw new IllegalStateException("this end of a one-way pipe can only receive");
        }
    }

    @Override
    public String toString() {
        return "PipeEnd[pipe " + pipeId + " end " + end + " of " + owner + "]";
    }

    /**
     * Sends the end as its owner's addresses ({@link ObjectServer#advertise}: the Unix socket, and
     * the TCP address the owner serves on, if any); the receiving process connects it on first use,
     * by the address it can reach ({@link ObjectServer#reach}: over TCP if the end came over TCP).
     */
    public static final class Codec extends Serializer<PipeEnd> {
        @Override
        public void write(Kryo kryo, Output output, PipeEnd value) {
            if (value.rendezvous != null) {
                value.sentAway.set(true);
                Handoff.sent(value);
            }
            output.writeString(ObjectServer.advertise(value.owner));
            output.writeLong(value.pipeId);
            output.writeByte(value.end);
            output.writeBoolean(value.readable);
            output.writeBoolean(value.writable);
        }

        @Override
        public PipeEnd read(Kryo kryo, Input input, Class<? extends PipeEnd> type) {
            Address owner = ObjectServer.reach(input.readString());
            long pipeId = input.readLong();
            int end = input.readByte();
            boolean readable = input.readBoolean();
            boolean writable = input.readBoolean();
            PipeRendezvous local = null;
            if (ObjectServer.isLocal(owner) && ObjectServer.local().lookup(pipeId) instanceof PipeRendezvous found) {
                local = found;
            }
            return new PipeEnd(owner, pipeId, end, readable, writable, local);
        }
    }
}
