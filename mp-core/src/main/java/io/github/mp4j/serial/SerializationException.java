package io.github.mp4j.serial;

import io.github.mp4j.MpException;

/**
 * An object could not be turned into bytes, or bytes could not be turned back into an object.
 *
 * <p>Thrown where the problem is found: at {@code send}, {@code put} or {@code start} for a value
 * that cannot be serialized (nothing has been sent then), and at {@code recv} or {@code get} for
 * bytes that do not decode (the connection or queue stays usable).
 */
public class SerializationException extends MpException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and what to do about it
     * @param cause the underlying failure, or {@code null}
     */
    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param message what failed and what to do about it */
    public SerializationException(String message) {
        super(message);
    }
}
