package io.github.mp4j.queue;

/**
 * A first-in first-out queue shared by processes (Python's {@code SimpleQueue}): unbounded, with
 * blocking {@link #get()}.
 *
 * <p>Any process that receives the queue (as a process argument, inside another object, or
 * through another queue or pipe) can put and get. Items are serialized when they are put, so
 * later changes to the object do not reach the queue, and an item that cannot be serialized is
 * refused at once.
 *
 * @param <T> the items' type
 */
public interface SimpleProcessQueue<T> extends AutoCloseable {

    /**
     * Adds an item at the tail, waiting for room if the queue is bounded.
     *
     * @param item the item, or {@code null}
     * @throws io.github.mp4j.serial.SerializationException if the item cannot be serialized
     * @throws QueueClosedException if this handle was closed or the queue's owner exited
     * @throws io.github.mp4j.MpInterruptedException if the thread was interrupted before or while
     *     waiting; the queue stays usable. If the queue belongs to another process the item may
     *     still arrive: the owner may have added it already
     */
    void put(T item);

    /**
     * Takes the item at the head, waiting as long as it takes.
     *
     * @return the item
     * @throws QueueClosedException if this handle was closed or the queue's owner exited
     * @throws io.github.mp4j.MpInterruptedException if the thread was interrupted before or while
     *     waiting; the queue stays usable and keeps its items
     */
    T get();

    /** @return whether the queue is empty at this moment (other processes may change that at once) */
    boolean isEmpty();

    /**
     * Closes this process's handle, after every item it put has been handed to the queue. Other
     * processes' handles, and the items in the queue, are not affected.
     */
    @Override
    void close();
}
