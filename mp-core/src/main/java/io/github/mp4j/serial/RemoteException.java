package io.github.mp4j.serial;

/**
 * Stands in for an exception thrown in another process that could not itself be serialized.
 *
 * <p>It carries the original class name, message and stack trace, and the same for every cause,
 * so the failure reads the same as it would have in the process where it happened. It stands for the
 * other process's own exception, so it is deliberately not an {@code io.github.mp4j.MpException}:
 * it arrives as the cause of one (such as a {@code TaskFailedException}), never on its own.
 */
public final class RemoteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String remoteClassName;

    private RemoteException(String remoteClassName, String message) {
        super(message == null ? remoteClassName : remoteClassName + ": " + message);
        this.remoteClassName = remoteClassName;
    }

    /**
     * Copies {@code original} (class name, message, stack trace, causes and suppressed exceptions)
     * into exceptions that are always serializable.
     *
     * @param original the exception to describe
     * @return its stand-in
     */
    public static RemoteException of(Throwable original) {
        return copy(original, 0);
    }

    private static RemoteException copy(Throwable original, int depth) {
        if (original instanceof RemoteException remote) {
            return remote;
        }
        RemoteException copy = new RemoteException(original.getClass().getName(), original.getMessage());
        copy.setStackTrace(original.getStackTrace());
        Throwable cause = original.getCause();
        if (cause != null && cause != original && depth < 32) {
            copy.initCause(copy(cause, depth + 1));
        }
        for (Throwable suppressed : original.getSuppressed()) {
            copy.addSuppressed(copy(suppressed, depth + 1));
        }
        return copy;
    }

    /** @return the fully qualified class name of the exception thrown in the other process */
    public String remoteClassName() {
        return remoteClassName;
    }
}
