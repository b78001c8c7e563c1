package io.github.mp4j.manager;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/**
 * A FIFO queue held by a {@link Manager} (Python's {@code manager.Queue()}), a
 * {@link BlockingQueue}: {@code put}, {@code take} and the timed {@code offer} and {@code poll}
 * wait in the manager. Every method is one round trip. {@code iterator()}, {@code stream()} and
 * {@code forEach} work on a snapshot; {@code drainTo} moves the elements out in one round trip.
 *
 * <p>A taker whose connection is found dead when its element is handed over puts that element
 * back at the head of the queue, so a client that dies while it waits loses nothing.
 *
 * @param <E> the element type
 */
public interface ManagedQueue<E> extends BlockingQueue<E> {

    /**
     * Removes up to {@code maxElements} elements from the head, in one round trip.
     *
     * @param maxElements the most to remove
     * @return the removed elements, in queue order
     */
    List<E> drain(int maxElements);

    @Override
    default int drainTo(Collection<? super E> target) {
        return drainTo(target, Integer.MAX_VALUE);
    }

    @Override
    default int drainTo(Collection<? super E> target, int maxElements) {
        List<E> drained = drain(maxElements);
        target.addAll(drained);
        return drained.size();
    }
}
