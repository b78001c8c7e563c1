package io.github.mp4j.sync;

import io.github.mp4j.MpException;
import io.github.mp4j.resource.MappedSegment;
import io.github.mp4j.runtime.SharedSegments;
import io.github.mp4j.sync.internal.OwnerToken;
import io.github.mp4j.sync.internal.SyncSegment;
import io.github.mp4j.sync.internal.WaitList;
import java.io.IOException;
import java.time.Duration;

/**
 * What every primitive is: the name of the shared-memory file that holds its state and where in
 * it, which is all that travels to another process; the mapping is attached there on first use.
 */
abstract class Primitive {

    private final String segmentName;
    private final String suffix;
    private final int segmentSize;
    private final int offset;
    /** {@code null} for state inside another mp4j object's segment, which checked its own header. */
    private final SyncSegment.Kind kind;
    private transient volatile WaitList state;

    Primitive(WaitList created, SyncSegment.Kind kind) {
        this(created, kind, SyncSegment.SUFFIX);
    }

    Primitive(WaitList created, SyncSegment.Kind kind, String suffix) {
        MappedSegment segment = created.segment();
        this.segmentName = segment.name();
        this.suffix = suffix;
        this.segmentSize = segment.size();
        this.offset = created.base();
        this.kind = kind;
        this.state = created;
        OwnerToken.prepare();
    }

    /** @return the shared state, attached in this process on first use */
    final WaitList state() {
        WaitList current = state;
        if (current == null) {
            current = attach();
            state = current;
        }
        return current;
    }

    private WaitList attach() {
        OwnerToken.prepare();
        if (kind != null) {
            return SyncSegment.attach(segmentName, kind);
        }
        try {
            return new WaitList(SharedSegments.attach(segmentName, suffix, segmentSize), offset);
        } catch (IOException | IllegalArgumentException e) {
            throw new MpException("cannot attach the lock of " + segmentName + ": " + e.getMessage()
                    + "; its creating process has released it or exited", e);
        }
    }

    /** @return the name of the shared-memory file that holds the state: what travels to other processes */
    public final String name() {
        return segmentName;
    }

    static long deadline(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be >= 0, was " + timeout);
        }
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        long deadline = System.nanoTime() + nanos;
        return deadline < System.nanoTime() ? Long.MAX_VALUE : deadline;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + segmentName + (kind == null ? "@" + offset : "") + "]";
    }
}
