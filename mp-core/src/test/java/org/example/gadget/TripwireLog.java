package org.example.gadget;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the classes of this package record when a decoder touches them. Kept apart from them, so
 * that reading the log does not initialize a tripwire. The package is outside {@code io.github.mp4j}
 * on purpose: mp4j's own classes are on the decode allow-list.
 */
public final class TripwireLog {

    /** Static initializers run. */
    public static final AtomicInteger INITIALIZED = new AtomicInteger();
    /** Constructors run. */
    public static final AtomicInteger CONSTRUCTED = new AtomicInteger();
    /** Methods a collection calls while it is rebuilt ({@code hashCode}, {@code equals}). */
    public static final AtomicInteger CALLED = new AtomicInteger();

    private TripwireLog() {
    }

    /** @return everything recorded, as one number */
    public static int total() {
        return INITIALIZED.get() + CONSTRUCTED.get() + CALLED.get();
    }
}
