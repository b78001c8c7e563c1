package io.github.mp4j.manager.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client thread's connection as the manager sees it: the owner of the locks it takes. Each
 * connection is served on a thread of its own, so the session is that thread's.
 */
final class Session {

    private static final ThreadLocal<Session> CURRENT = new ThreadLocal<>();

    private final long pid;
    private final Set<LockImpl> held = ConcurrentHashMap.newKeySet();

    Session(long pid) {
        this.pid = pid;
    }

    /** @return the session of the connection the calling manager thread serves */
    static Session current() {
        Session session = CURRENT.get();
        if (session == null) {
            // a call from inside the manager (a factory or function touching a lock): its own owner
            session = new Session(ProcessHandle.current().pid());
            CURRENT.set(session);
        }
        return session;
    }

    /** Makes this the calling thread's session. */
    void enter() {
        CURRENT.set(this);
    }

    /** @return the client's process id */
    long pid() {
        return pid;
    }

    void took(LockImpl lock) {
        held.add(lock);
    }

    void released(LockImpl lock) {
        held.remove(lock);
    }

    /** The connection ended: every lock it holds is released, its next taker told the owner died. */
    void end() {
        for (LockImpl lock : held) {
            lock.ownerDied(this);
        }
        held.clear();
        CURRENT.remove();
    }
}
