package io.github.mp4j.shared;

/** There is no shared-memory segment of that name (Python's {@code FileNotFoundError}). */
public class NoSuchSharedMemoryException extends SharedMemoryException {

    private static final long serialVersionUID = 1L;

    /** @param message which name, where it was looked for, and why it may be missing */
    public NoSuchSharedMemoryException(String message) {
        super(message);
    }
}
