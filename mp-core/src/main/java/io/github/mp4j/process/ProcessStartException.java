package io.github.mp4j.process;

import io.github.mp4j.MpException;

/** A child JVM could not be started: the java executable or a JVM option is wrong, or the OS refused. */
public final class ProcessStartException extends MpException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and with which options
     * @param cause the underlying failure
     */
    public ProcessStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
