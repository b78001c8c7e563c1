package io.github.mp4j.runtime;

import java.lang.ref.Cleaner;

/**
 * The one {@link Cleaner} of mp4j: it releases what a handle holds (a registration with the
 * object server, a share of connections) once the handle became unreachable without being
 * closed, as CPython's finalizers do for objects nobody closed. Closing a handle runs the same
 * release at once, through {@link Cleaner.Cleanable#clean()}, which runs it at most once.
 *
 * <p>The release must not refer to the handle (it would never become unreachable), must not
 * throw, and must be quick: it runs on the one cleaner thread.
 */
public final class HandleCleaner {

    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread thread = new Thread(runnable, "mp4j-handle-cleaner");
        thread.setDaemon(true);
        return thread;
    });

    private HandleCleaner() {
    }

    /**
     * @param handle the handle whose unreachability releases
     * @param release what to release; refers to the handle's state, never to the handle
     * @return runs the release now, once: what the handle's {@code close} calls
     */
    public static Cleaner.Cleanable whenUnreachable(Object handle, Runnable release) {
        return CLEANER.register(handle, release);
    }
}
