package io.github.mp4j.shared;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import io.github.mp4j.MpException;
import io.github.mp4j.resource.MappedSegment;
import io.github.mp4j.shared.internal.ValueSegment;
import io.github.mp4j.sync.OwnerDiedException;
import io.github.mp4j.sync.RLock;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What every {@code Value} and {@code Array} is: the name of its shared-memory file and what
 * it holds, which is all that travels to another process. A received handle attaches there as it
 * is decoded (the mapping, and the lock with this process's owner identity), as Python attaches
 * a {@code Value} when it unpickles one, so that the first access does not pay for it; if that
 * fails (the creator released it meanwhile), the first access tries again and reports why.
 */
abstract class ValueHandle {

    private final String name;
    private final ValueSegment.Element element;
    private final boolean array;
    private final int length;
    private final boolean locked;
    private transient volatile MappedSegment segment;
    private transient volatile RLock lock;

    ValueHandle(MappedSegment segment, ValueSegment.Element element, boolean array) {
        this.name = segment.name();
        this.element = element;
        this.array = array;
        this.length = ValueSegment.length(segment);
        this.locked = ValueSegment.isLocked(segment);
        this.segment = segment;
    }

    /** @return the mapping, attached in this process on first use */
    final MappedSegment segment() {
        MappedSegment current = segment;
        if (current == null) {
            current = ValueSegment.attach(name, element, array, length);
            segment = current;
        }
        return current;
    }

    /** Attaches a handle just decoded, leaving any failure to its first use, which reports it. */
    final void attachOnReceipt() {
        try {
            segment();
            if (locked) {
                getLock();
            }
        } catch (MpException | IllegalArgumentException e) {
            // not attached: segment() and getLock() try again on first use and throw there
        }
    }

    /** @return the name of its shared-memory file: what travels to other processes, what {@code attach} takes */
    public final String name() {
        return name;
    }

    /** @return whether it has a lock ({@link #getLock()}); a raw one has none */
    public final boolean hasLock() {
        return locked;
    }

    /**
     * The lock that guards it, kept in its own header: hold it around a compound update
     * ({@code try (var held = v.getLock().hold()) { v.set(v.get() + 1); }}). It is recursive, so
     * the methods that take it themselves work inside.
     *
     * @return the lock (Python's {@code get_lock()})
     * @throws IllegalStateException if it is raw, without a lock
     */
    public final RLock getLock() {
        if (!locked) {
            throw new IllegalStateException(this + " is raw and has no lock; create it with a lock (Mp.value or"
                    + " Mp.array), or guard it with a Lock of your own");
        }
        RLock current = lock;
        if (current == null) {
            current = RLock.embedded(segment(), ValueSegment.SUFFIX, ValueSegment.LOCK_AT);
            lock = current;
        }
        return current;
    }

    /**
     * Takes the lock if it has one and the calling thread does not hold it already; an owner that
     * died cannot have left one element half-written.
     *
     * @return whether it took the lock: pass to {@link #leave(boolean)}
     */
    final boolean enter() {
        if (!locked) {
            return false;
        }
        RLock held = getLock();
        if (held.isHeldByCurrentThread()) {
            // inside the caller's own `try (var held = v.getLock().hold())`: re-entering would only
            // count up and down again, and this is the hot path of every locked update
            return false;
        }
        try {
            held.acquire();
        } catch (OwnerDiedException e) {
            // held now; the element accesses between enter and leave are whole
        }
        return true;
    }

    /** @param entered what {@link #enter()} returned: releases the lock if it took it */
    final void leave(boolean entered) {
        if (entered) {
            getLock().release();
        }
    }

    /**
     * Copies elements out under the lock (if it has one), through {@link MappedSegment#read}: a
     * long range that this process never touched is read from the file, without page faults.
     *
     * @param from the first element
     * @param count how many
     * @param sink receives the elements' bytes in order, in pieces of whole elements
     * @throws IndexOutOfBoundsException if the range is not inside the array
     */
    final void readElements(int from, int count, Consumer<ByteBuffer> sink) {
        Objects.checkFromIndexSize(from, count, length);
        MappedSegment mapped = segment();
        boolean entered = enter();
        try {
            mapped.read(ValueSegment.DATA_AT + from * element.bytes(), count * element.bytes(), sink);
        } finally {
            leave(entered);
        }
    }

    /** @return its element count */
    final int elementCount() {
        return length;
    }

    /**
     * @param index an element index, checked
     * @return the element's offset in the segment
     */
    final int offset(int index) {
        return ValueSegment.DATA_AT + Objects.checkIndex(index, length) * element.bytes();
    }

    @Override
    public String toString() {
        return (locked ? "" : "raw ") + ValueSegment.describe(element, array, array ? length : -1).substring(2).trim()
                + "[" + name + "]";
    }

    /**
     * Kryo's serializer of values and arrays: their fields, as Kryo's field serializer writes
     * them, and, on reading, {@linkplain #attachOnReceipt() attaching} in the receiving process.
     *
     * @param <T> the handle's type
     */
    public static final class Codec<T extends ValueHandle> extends FieldSerializer<T> {

        /**
         * Makes the serializer; Kryo calls it.
         *
         * @param kryo the Kryo instance
         * @param type the handle's class
         */
        @SuppressWarnings("checkstyle:RedundantModifier") // Kryo looks for a public constructor
        public Codec(Kryo kryo, Class<T> type) {
            super(kryo, type);
        }

        @Override
        public T read(Kryo kryo, Input input, Class<? extends T> type) {
            T handle = super.read(kryo, input, type);
            handle.attachOnReceipt();
            return handle;
        }
    }
}
