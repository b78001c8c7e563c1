package io.github.mp4j.shared;

import io.github.mp4j.MpException;

/**
 * A shared-memory segment could not be created, attached or used: the message says which
 * segment, what was expected and what was found.
 */
public class SharedMemoryException extends MpException {

    private static final long serialVersionUID = 1L;

    /** @param message what happened and what to do */
    public SharedMemoryException(String message) {
        super(message);
    }

    /**
     * @param message what happened and what to do
     * @param cause the I/O error behind it
     */
    public SharedMemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
