package io.github.mp4j.sync.internal;

import io.github.mp4j.MpException;
import io.github.mp4j.resource.MappedSegment;
import io.github.mp4j.runtime.SharedSegments;
import java.io.IOException;

/**
 * The shared-memory file of one synchronization primitive: a header that says what it is, then
 * its {@link WaitList}.
 *
 * <pre>
 * 0     int   magic     0x6d70346a ("mp4j"), written last by the creator
 * 4     int   kind      {@link Kind#ordinal()}: a Lock's file cannot be attached as a Semaphore
 * 8     long  parameter the kind's constant (a bounded semaphore's bound, a barrier's parties)
 * 16    (unused up to 64)
 * 64    WaitList        ({@link WaitList#BYTES})
 * 1120  end
 * </pre>
 *
 * Files are {@code <pid>-<n>-<random>.sync} in the shared-memory directory; their lifetime is
 * {@link SharedSegments}'.
 */
public final class SyncSegment {

    /** The file's extension. */
    public static final String SUFFIX = "sync";
    /** The file's size. */
    public static final int SIZE = 64 + WaitList.BYTES;

    private static final int MAGIC = 0x6d70346a;
    private static final int KIND = 4;
    private static final int PARAMETER = 8;
    private static final int LIST = 64;

    /** What a file holds. */
    public enum Kind {
        /** A lock. */
        LOCK("Lock"),
        /** A recursive lock. */
        RLOCK("RLock"),
        /** A semaphore, bounded or not. */
        SEMAPHORE("Semaphore"),
        /** A condition (its lock is a file of its own). */
        CONDITION("Condition"),
        /** An event. */
        EVENT("Event"),
        /** A barrier. */
        BARRIER("Barrier");

        private final String typeName;

        Kind(String typeName) {
            this.typeName = typeName;
        }

        /** @return the public type's name */
        public String typeName() {
            return typeName;
        }
    }

    private SyncSegment() {
    }

    /**
     * @param kind what it holds
     * @param parameter the kind's constant
     * @return the new primitive's state
     */
    public static WaitList create(Kind kind, long parameter) {
        try {
            MappedSegment segment = SharedSegments.create(SUFFIX, SIZE);
            segment.setLongVolatile(PARAMETER, parameter);
            segment.setIntVolatile(KIND, kind.ordinal());
            segment.setIntVolatile(0, MAGIC);
            return new WaitList(segment, LIST);
        } catch (IOException e) {
            throw new MpException("cannot create the shared memory of a " + kind.typeName() + ": " + e.getMessage()
                    + "; free space in the shared-memory directory (/dev/shm)", e);
        }
    }

    /**
     * @param name the file's name
     * @param kind what it must hold
     * @return the primitive's state, mapped in this process
     */
    public static WaitList attach(String name, Kind kind) {
        MappedSegment segment;
        try {
            segment = SharedSegments.attach(name, SUFFIX, SIZE);
        } catch (IOException | IllegalArgumentException e) {
            throw new MpException("cannot attach the " + kind.typeName() + " " + name + ": " + e.getMessage()
                    + "; its creating process has released it or exited (keep the creator's handle reachable"
                    + " while other processes attach)", e);
        }
        int magic = segment.getIntVolatile(0);
        int found = segment.getIntVolatile(KIND);
        if (magic != MAGIC || found != kind.ordinal()) {
            String what = magic != MAGIC || found < 0 || found >= Kind.values().length
                    ? "no mp4j primitive" : "a " + Kind.values()[found].typeName();
            throw new MpException("the file " + name + " holds " + what + ", not a " + kind.typeName());
        }
        return new WaitList(segment, LIST);
    }

    /**
     * @param list a primitive's state made by this class
     * @return the kind's constant
     */
    public static long parameter(WaitList list) {
        return list.segment().getLongVolatile(PARAMETER);
    }
}
