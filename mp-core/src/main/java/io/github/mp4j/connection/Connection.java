package io.github.mp4j.connection;

import java.time.Duration;

/**
 * One end of a two-way message channel between processes (Python's {@code Connection}).
 *
 * <p>Messages keep their boundaries and their order. {@link #send} and {@link #recv} carry
 * objects through {@link io.github.mp4j.serial.ObjectCodec}; {@link #sendBytes} and
 * {@link #recvBytes} carry raw bytes. One thread may send while another receives; two threads
 * sending (or two receiving) at once take turns.
 *
 * <p>Failures never hang: when the other end closes or its process dies, a blocked or later
 * {@code recv} throws {@link ConnectionClosedException} once everything sent before has been
 * received. An end may be sent to another process, as an argument of a process or inside a
 * message, before it is first used.
 */
public interface Connection extends AutoCloseable, Waitable {

    /**
     * Sends an object.
     *
     * @param value any serializable object graph, or {@code null}
     * @throws io.github.mp4j.serial.SerializationException if it cannot be serialized; nothing was sent
     * @throws ConnectionClosedException if the connection is closed
     */
    void send(Object value);

    /**
     * Waits for the next message and decodes it.
     *
     * @param <T> the type the caller expects
     * @return the object that was sent
     * @throws ConnectionClosedException when the other end has closed and nothing is left to read
     * @throws io.github.mp4j.serial.SerializationException if the message does not decode; the
     *     connection stays usable
     */
    <T> T recv();

    /**
     * Sends raw bytes as one message.
     *
     * @param bytes the message
     */
    default void sendBytes(byte[] bytes) {
        sendBytes(bytes, 0, bytes.length);
    }

    /**
     * Sends part of an array as one message.
     *
     * @param bytes the array
     * @param offset first byte to send
     * @param length how many bytes
     */
    void sendBytes(byte[] bytes, int offset, int length);

    /** @return the next message's bytes */
    byte[] recvBytes();

    /**
     * Reads the next message into the caller's array.
     *
     * @param buffer where to put it
     * @param offset where in {@code buffer} to start
     * @return the message length
     * @throws BufferTooShortException if it does not fit; the message is in the exception
     */
    default int recvBytesInto(byte[] buffer, int offset) {
        byte[] message = recvBytes();
        int room = buffer.length - offset;
        if (message.length > room) {
            throw new BufferTooShortException(message, room);
        }
        System.arraycopy(message, 0, buffer, offset, message.length);
        return message.length;
    }

    /**
     * Waits up to {@code timeout} for something to read.
     *
     * @param timeout how long to wait; {@link Duration#ZERO} does not wait
     * @return whether a message (or the end of the stream) is ready to be received
     */
    boolean poll(Duration timeout);

    /** @return whether a message is ready now, without waiting */
    default boolean poll() {
        return poll(Duration.ZERO);
    }

    /** @return whether this end may receive (false for the sending end of a one-way pipe) */
    boolean readable();

    /** @return whether this end may send (false for the receiving end of a one-way pipe) */
    boolean writable();

    /** @return whether {@link #close()} was called or the connection failed */
    boolean isClosed();

    /** Closes this end. The other end then sees the end of the stream. Closing twice is harmless. */
    @Override
    void close();
}
