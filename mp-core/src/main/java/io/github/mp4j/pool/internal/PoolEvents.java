package io.github.mp4j.pool.internal;

import io.github.mp4j.pool.PoolEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The pool's listeners, and the publishing of its {@link PoolEvent}s to them on the calling
 * thread. A listener's exception is logged and ignored: the pool's own threads must go on.
 */
final class PoolEvents {

    private static final System.Logger LOG = System.getLogger(PoolEvents.class.getName());

    private final List<Consumer<? super PoolEvent>> listeners = new CopyOnWriteArrayList<>();

    void add(Consumer<? super PoolEvent> listener) {
        if (listener == null) {
            throw new NullPointerException("a pool listener must not be null");
        }
        listeners.add(listener);
    }

    boolean remove(Consumer<? super PoolEvent> listener) {
        return listeners.remove(listener);
    }

    /** @return whether anyone listens: events are made only then, not once per chunk for no one */
    boolean heard() {
        return !listeners.isEmpty();
    }

    void publish(PoolEvent event) {
        for (Consumer<? super PoolEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a pool listener threw on " + event + "; ignored", e);
            }
        }
    }
}
