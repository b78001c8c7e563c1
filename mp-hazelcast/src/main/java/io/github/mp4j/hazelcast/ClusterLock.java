package io.github.mp4j.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.github.mp4j.MpInterruptedException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A lock shared by every member and client of the cluster, named. Hazelcast's open-source edition
 * offers no CP subsystem (its {@code FencedLock}, {@code ISemaphore}, {@code ICountDownLatch} and
 * {@code IAtomicLong} throw {@link UnsupportedOperationException} unless licensed), so this is a
 * key lock of an {@link IMap}: reentrant, owned by the thread that took it in its Hazelcast
 * instance, released when that member or client leaves the cluster. It is not a consensus lock:
 * during a network partition (split brain) both sides may take it, and there is no fencing token
 * to tell a stale holder from the current one. Use it to serialize work, not to guard an external
 * resource against a holder that may be partitioned away.
 */
public final class ClusterLock {

    private static final String MAP = "mp4j-locks";

    private final IMap<String, Boolean> locks;
    private final String name;

    private ClusterLock(IMap<String, Boolean> locks, String name) {
        this.locks = locks;
        this.name = name;
    }

    /**
     * @param hazelcast a member or client of the cluster
     * @param name the lock's name
     * @return a handle on the lock
     */
    public static ClusterLock on(HazelcastInstance hazelcast, String name) {
        return new ClusterLock(hazelcast.getMap(MAP), name);
    }

    /** Takes the lock, waiting as long as it takes. */
    public void acquire() {
        locks.lock(name);
    }

    /**
     * @param timeout how long to wait
     * @return whether the lock was taken
     * @throws MpInterruptedException if the thread was interrupted while it waited
     */
    public boolean acquire(Duration timeout) {
        try {
            return locks.tryLock(name, Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MpInterruptedException("cluster lock " + name, e);
        }
    }

    /** @return whether the lock was free and is now taken */
    public boolean tryAcquire() {
        return locks.tryLock(name);
    }

    /** Releases the lock (once, for a lock taken more than once by this thread). */
    public void release() {
        locks.unlock(name);
    }

    /** @return whether anyone holds the lock at this moment */
    public boolean isLocked() {
        return locks.isLocked(name);
    }
}
