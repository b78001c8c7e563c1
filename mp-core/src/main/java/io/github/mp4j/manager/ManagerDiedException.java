package io.github.mp4j.manager;

import io.github.mp4j.connection.ConnectionClosedException;

/**
 * A call on a proxy found its manager gone: the manager process died or was shut down, before or
 * during the call. A call in flight may or may not have taken effect. Objects live in their
 * manager, so none of its proxies work again; start a new manager and create new objects.
 */
public class ManagerDiedException extends ConnectionClosedException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened and to which manager
     * @param cause the connection's failure, or {@code null}
     */
    public ManagerDiedException(String message, Throwable cause) {
        super(message, cause);
    }
}
