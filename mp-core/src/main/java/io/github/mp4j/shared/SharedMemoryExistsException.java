package io.github.mp4j.shared;

/** A segment of that name exists already (Python's {@code FileExistsError}). */
public class SharedMemoryExistsException extends SharedMemoryException {

    private static final long serialVersionUID = 1L;

    /** @param message which name, and what to do */
    public SharedMemoryExistsException(String message) {
        super(message);
    }
}
