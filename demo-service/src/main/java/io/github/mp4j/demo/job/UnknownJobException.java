package io.github.mp4j.demo.job;

/** Thrown when a job id or job type names nothing the service knows. */
public final class UnknownJobException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what was asked for, and what exists */
    public UnknownJobException(String message) {
        super(message);
    }
}
