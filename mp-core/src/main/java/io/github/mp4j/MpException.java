package io.github.mp4j;

/**
 * The root of mp4j's own exceptions: every exception mp4j throws to say that something of mp4j
 * failed (a pool closed, a worker died, a connection broke, a value could not be serialized, a
 * queue was full) is one of these, so {@code catch (MpException e)} catches mp4j's failures and
 * nothing else. It is unchecked, as are all its subclasses.
 *
 * <p>Not every exception from an mp4j call is one: invalid arguments are reported as
 * {@link IllegalArgumentException} or {@link NullPointerException} as everywhere in the JDK, and the
 * exception a task threw in a worker arrives as the cause of a
 * {@code io.github.mp4j.pool.TaskFailedException} (itself an {@code MpException}), in its own class
 * where it could be sent and as a {@code io.github.mp4j.serial.RemoteException} stand-in where it
 * could not.
 */
public class MpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what happened and what to do about it */
    public MpException(String message) {
        super(message);
    }

    /**
     * @param message what happened and what to do about it
     * @param cause the underlying failure, or {@code null}
     */
    public MpException(String message, Throwable cause) {
        super(message, cause);
    }
}
