package io.github.mp4j.connection.internal;

import io.github.mp4j.connection.Connection;
import io.github.mp4j.connection.ConnectionClosedException;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.transport.ChannelBacked;
import io.github.mp4j.transport.FramedChannel;
import java.nio.ByteBuffer;
import java.time.Duration;

/** A {@link Connection} over one socket, possibly restricted to one direction. */
public final class SocketConnection implements Connection, ChannelBacked {

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
        channel.write(ObjectCodec.encodeToBuffer(value));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T recv() {
        requireReadable();
        return (T) ObjectCodec.decode(channel.read());
    }

    @Override
    public void sendBytes(byte[] bytes, int offset, int length) {
        requireWritable();
        channel.write(ByteBuffer.wrap(bytes, offset, length));
    }

    @Override
    public byte[] recvBytes() {
        requireReadable();
        return channel.read();
    }

    @Override
    public int recvBytesInto(byte[] buffer, int offset) {
        requireReadable();
        return channel.readInto(buffer, offset);
    }

    @Override
    public boolean poll(Duration timeout) {
        requireReadable();
        return channel.awaitReadable(timeout.toNanos());
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
