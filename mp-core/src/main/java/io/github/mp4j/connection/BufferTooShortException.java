package io.github.mp4j.connection;

/**
 * {@link Connection#recvBytesInto} got a message larger than the caller's buffer. The message is
 * not lost: {@link #message()} holds all of it, and the connection stays usable.
 */
public final class BufferTooShortException extends ConnectionException {

    private static final long serialVersionUID = 1L;

    private final transient byte[] message;

    /**
     * @param message the whole message that did not fit
     * @param room how many bytes the caller's buffer had
     */
    public BufferTooShortException(byte[] message, int room) {
        super("message of " + message.length + " bytes does not fit the " + room
                + " bytes left in the buffer; it is available from message()");
        this.message = message;
    }

    /** @return the complete message that did not fit */
    public byte[] message() {
        return message;
    }
}
