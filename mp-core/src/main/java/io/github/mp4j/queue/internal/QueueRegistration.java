package io.github.mp4j.queue.internal;

import io.github.mp4j.transport.ObjectServer;

/**
 * Keeps a queue registered with this process's object server while another process may still
 * reach it, and no longer: the registration is what keeps the queue's items alive.
 *
 * <p>Every handle of the queue in its owner process holds the registration until it is closed
 * or unreachable. A handle sent to a child as part of its target ({@code Handoff}) holds it until
 * that child has exited. A handle sent any other way (in a queue item, a pipe message, a pool
 * task) may reach a process whose end the owner never learns of, so it pins the registration
 * for the life of this process.
 */
final class QueueRegistration {

    private final QueueState state;
    /** Guarded by this, as are the fields below. */
    private long id;
    private int holders;
    private boolean pinned;
    private boolean registered;

    QueueRegistration(QueueState state) {
        this.state = state;
    }

    /** @return the queue's id at this process's object server, where it is registered now */
    synchronized long register() {
        id = ObjectServer.local().register(state);
        registered = true;
        return id;
    }

    /** Holds the registration until {@link #release()}. */
    synchronized void hold() {
        holders++;
    }

    /** Lets a holder go; the last one unregisters the queue, unless it is pinned. */
    void release() {
        long forget;
        synchronized (this) {
            if (--holders > 0 || pinned || !registered) {
                return;
            }
            registered = false;
            forget = id;
        }
        ObjectServer.local().unregister(forget);
    }

    /** Keeps the queue registered for the life of this process. */
    synchronized void pin() {
        pinned = true;
    }
}
