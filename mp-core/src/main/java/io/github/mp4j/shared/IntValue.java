package io.github.mp4j.shared;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.github.mp4j.resource.MappedSegment;
import io.github.mp4j.shared.internal.ValueSegment;

/**
 * One {@code int} in shared memory, as Python's {@code multiprocessing.Value('i')} (with a
 * lock, made by {@code Mp.value(0)}) or {@code RawValue} ({@code Mp.rawValue(0)}). Pass it to
 * children, pool tasks or inside messages: it travels as its file's name, never its contents,
 * and every process sees the same int.
 *
 * <p>Layout: {@link ValueSegment} (the int at byte 1152, its own cache line; the lock word at
 * byte 64). Every access is volatile, so a {@link #set} is seen by a later {@link #get} in any
 * process. With a lock, {@code get} and {@code set} take it, as Python's {@code value} property
 * does, and so do the atomic methods; a read-modify-write of your own needs the lock held around
 * it: {@code try (var held = v.getLock().hold()) { v.set(v.get() * 2); }}. Without a lock (raw),
 * the atomic methods are lock-free compare-and-swap loops and {@code get}/{@code set} are
 * plain volatile accesses.
 */
@DefaultSerializer(ValueHandle.Codec.class)
public final class IntValue extends ValueHandle {

    private IntValue(MappedSegment segment) {
        super(segment, ValueSegment.Element.INT, false);
    }

    /**
     * @param initial its value
     * @param locked whether it has a lock ({@code Mp.value}) or is raw ({@code Mp.rawValue})
     * @return a new value in a shared-memory file of its own
     */
    public static IntValue create(int initial, boolean locked) {
        IntValue value = new IntValue(ValueSegment.create(ValueSegment.Element.INT, false, 1, locked));
        value.store(initial);
        return value;
    }

    /**
     * Attaches a value another process created, by its {@link #name()}.
     *
     * @param name the file's name
     * @return the value
     * @throws io.github.mp4j.MpException if there is no such file, or it holds something else
     *     (the message names what was expected and what was found)
     */
    public static IntValue attach(String name) {
        return new IntValue(ValueSegment.attach(name, ValueSegment.Element.INT, false, 1));
    }

    /** @return the value (under the lock, if it has one) */
    public int get() {
        boolean entered = enter();
        try {
            return load();
        } finally {
            leave(entered);
        }
    }

    /** @param value the new value (stored under the lock, if it has one) */
    public void set(int value) {
        boolean entered = enter();
        try {
            store(value);
        } finally {
            leave(entered);
        }
    }

    /**
     * @param expected what it must be
     * @param value what it becomes
     * @return whether it was {@code expected} and is now {@code value}
     */
    public boolean compareAndSet(int expected, int value) {
        if (hasLock()) {
            boolean entered = enter();
            try {
                if (load() != expected) {
                    return false;
                }
                store(value);
                return true;
            } finally {
                leave(entered);
            }
        }
        return segment().compareAndSetInt(ValueSegment.DATA_AT, expected, value);
    }

    /**
     * @param delta added atomically
     * @return the value before
     */
    public int getAndAdd(int delta) {
        if (hasLock()) {
            boolean entered = enter();
            try {
                int before = load();
                store(before + delta);
                return before;
            } finally {
                leave(entered);
            }
        }
        return segment().getAndAddInt(ValueSegment.DATA_AT, delta);
    }

    /**
     * @param delta added atomically
     * @return the value after
     */
    public int addAndGet(int delta) {
        return getAndAdd(delta) + delta;
    }

    /**
     * @param value what it becomes, atomically
     * @return the value before
     */
    public int getAndSet(int value) {
        while (true) {
            int before = get();
            if (compareAndSet(before, value)) {
                return before;
            }
        }
    }

    private int load() {
        return segment().getIntVolatile(ValueSegment.DATA_AT);
    }

    private void store(int value) {
        segment().setIntVolatile(ValueSegment.DATA_AT, value);
    }
}
