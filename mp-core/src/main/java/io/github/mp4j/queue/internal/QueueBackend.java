package io.github.mp4j.queue.internal;

/**
 * Where a handle's operations go: straight to the items in the process that owns the queue, or
 * over sockets to that process from any other. Items are already serialized here.
 */
interface QueueBackend {

    /** @return whether the item was added in time (negative timeout: wait forever) */
    boolean put(byte[] item, long timeoutNanos);

    /** @return the head item, or {@code null} if none came in time */
    byte[] take(long timeoutNanos);

    int size();

    void taskDone();

    boolean join(long timeoutNanos);

    /** Hands over everything this process put, then releases this process's resources. */
    void close();
}
