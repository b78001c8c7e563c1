package io.github.mp4j.sync;

import io.github.mp4j.MpException;

/**
 * Thrown by an acquire that got a lock whose previous owner died holding it (the process ended:
 * killed, crashed, or exited without releasing): as a robust mutex's {@code EOWNERDEAD}, the
 * caller <b>now holds the lock</b>. What the lock protects may be half-updated: repair or check
 * it, then release the lock as usual.
 *
 * <pre>{@code
 * try {
 *     lock.acquire();
 * } catch (OwnerDiedException e) {
 *     repair(shared);          // we hold the lock here too
 * }
 * try { ... } finally { lock.release(); }
 * }</pre>
 *
 * Only the one acquirer that takes over the lock gets it; the others wait for that one as
 * usual.
 */
public class OwnerDiedException extends MpException {

    private static final long serialVersionUID = 1L;

    private final long deadPid;

    /**
     * @param what the lock, for the message
     * @param deadPid the process that died holding it
     */
    public OwnerDiedException(String what, long deadPid) {
        super(what + " was held by process " + deadPid + ", which died without releasing it; the calling thread"
                + " now holds it: check or repair what it protects, then release it");
        this.deadPid = deadPid;
    }

    /** @return the process id of the owner that died */
    public long deadPid() {
        return deadPid;
    }
}
