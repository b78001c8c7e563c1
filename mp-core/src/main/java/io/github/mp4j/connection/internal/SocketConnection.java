package io.github.mp4j.connection.internal;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.connection.Connection;
import io.github.mp4j.connection.ConnectionClosedException;
import io.github.mp4j.connection.ConnectionException;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.transport.ChannelBacked;
import io.github.mp4j.transport.FramedChannel;
import java.nio.ByteBuffer;
import java.time.Duration;

/** A {@link Connection} over one socket, possibly restricted to one direction. */
public final class SocketConnection implements Connection, ChannelBacked {

    /** What a receive waits for, as {@link MpInterruptedException} says it. */
    static final String A_MESSAGE = "a message on a connection";
    /** What a send waits for. */
    static final String ROOM = "room to send on a connection";

    private final FramedChannel channel;
    private final boolean readable;
    private final boolean writable;

    /**
     * @param channel the authenticated channel; this connection owns it
     * @param readable whether {@code recv} is allowed
     * @param writable whether {@code send} is allowed
     */
    public SocketConnection(FramedChannel channel, boolean readable, boolean writable) {
        this.channel = channel;
        this.readable = readable;
        this.writable = writable;
    }

    @Override
    public void send(Object value) {
        requireWritable();
        ByteBuffer message = ObjectCodec.encodeToBuffer(value);
        try {
            channel.write(message);
        } catch (ConnectionException e) {
            throw interruptedOr(channel, e, ROOM);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T recv() {
        return (T) channel.decode(recvBytes());
    }

    @Override
    public void sendBytes(byte[] bytes, int offset, int length) {
        requireWritable();
        try {
            channel.write(ByteBuffer.wrap(bytes, offset, length));
        } catch (ConnectionException e) {
            throw interruptedOr(channel, e, ROOM);
        }
    }

    @Override
    public byte[] recvBytes() {
        requireReadable();
        try {
            return channel.read();
        } catch (ConnectionException e) {
            throw interruptedOr(channel, e, A_MESSAGE);
        }
    }

    @Override
    public int recvBytesInto(byte[] buffer, int offset) {
        requireReadable();
        try {
            return channel.readInto(buffer, offset);
        } catch (ConnectionException e) {
            throw interruptedOr(channel, e, A_MESSAGE);
        }
    }

    @Override
    public boolean poll(Duration timeout) {
        requireReadable();
        return awaitReadable(channel, timeout.toNanos());
    }

    /**
     * Waits for something to read, under mp4j's interrupt policy: a wait that starts interrupted,
     * or is interrupted, throws {@link MpInterruptedException}; the channel stays open, since
     * only a helper thread reads from it meanwhile. A poll that does not wait ignores the interrupt.
     *
     * @param channel the channel to wait on
     * @param timeoutNanos how long; 0 checks without waiting, negative waits forever
     * @return whether something can be read now
     */
    static boolean awaitReadable(FramedChannel channel, long timeoutNanos) {
        refuseIfInterrupted(timeoutNanos);
        boolean ready = channel.awaitReadable(timeoutNanos);
        refuseIfInterrupted(timeoutNanos);
        return ready;
    }

    /**
     * A poll that may wait and finds its thread interrupted throws, as the JDK's blocking calls do.
     *
     * @param timeoutNanos how long the poll may wait; 0 does not wait and ignores the interrupt
     */
    static void refuseIfInterrupted(long timeoutNanos) {
        if (timeoutNanos != 0 && Thread.currentThread().isInterrupted()) {
            throw new MpInterruptedException(A_MESSAGE, null);
        }
    }

    /**
     * What a send or receive that failed throws: {@link MpInterruptedException} if its thread was
     * interrupted, else the failure. The interrupt closed the socket, perhaps with part of a frame
     * read or written, so the channel is closed for good: its ends say so, as the JDK's
     * interruptible channels do.
     *
     * @param channel the channel of the failed call
     * @param failure why the send or receive failed
     * @param whatWasAwaited what the call waited for
     * @return the exception to throw
     */
    static RuntimeException interruptedOr(FramedChannel channel, ConnectionException failure, String whatWasAwaited) {
        if (!Thread.currentThread().isInterrupted()) {
            return failure;
        }
        channel.close("a thread using it was interrupted (interrupting a thread in socket I/O closes the socket)");
        return new MpInterruptedException(whatWasAwaited, failure);
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
        return channel.isClosed();
    }

    @Override
    public void close() {
        channel.close("this end of the connection was closed");
    }

    @Override
    public FramedChannel channel() {
        return channel;
    }

    private void requireReadable() {
        if (!readable) {
            throw new IllegalStateException("this end of a one-way pipe can only send");
        }
        if (channel.isClosed()) {
            throw new ConnectionClosedException(channel.closedReason());
        }
    }

    private void requireWritable() {
        if (!writable) {
            throw new IllegalStateException("this end of a one-way pipe can only receive");
        }
    }
}
