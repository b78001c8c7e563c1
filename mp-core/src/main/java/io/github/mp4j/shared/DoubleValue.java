package io.github.mp4j.shared;

import com.esotericsoftware.kryo.DefaultSerializer;
import io.github.mp4j.resource.MappedSegment;
import io.github.mp4j.shared.internal.ValueSegment;

/**
 * One {@code double} in shared memory, as Python's {@code multiprocessing.Value('d')} (with a
 * lock, made by {@code Mp.value(0.0)}) or {@code RawValue} ({@code Mp.rawValue(0.0)}). Pass it to
 * children, pool tasks or inside messages: it travels as its file's name, never its contents,
 * and every process sees the same double.
 *
 * <p>Layout: {@link ValueSegment} (the double at byte 1152, its own cache line; the lock word at
 * byte 64). Every access is volatile, so a {@link #set} is seen by a later {@link #get} in any
 * process. With a lock, {@code get} and {@code set} take it, as Python's {@code value} property
 * does, and so do the atomic methods; a read-modify-write of your own needs the lock held around
 * it: {@code try (var held = v.getLock().hold()) { v.set(v.get() * 2); }}. Without a lock (raw),
 * the atomic methods are lock-free compare-and-swap loops and {@code get}/{@code set} are
 * plain volatile accesses.
 */
@DefaultSerializer(ValueHandle.Codec.class)
public final class DoubleValue extends ValueHandle {

    private DoubleValue(MappedSegment segment) {
        super(segment, ValueSegment.Element.DOUBLE, false);
    }

    /**
     * @param initial its value
     * @param locked whether it has a lock ({@code Mp.value}) or is raw ({@code Mp.rawValue})
     * @return a new value in a shared-memory file of its own
     */
    public static DoubleValue create(double initial, boolean locked) {
        DoubleValue value = new DoubleValue(ValueSegment.create(ValueSegment.Element.DOUBLE, false, 1, locked));
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
    public static DoubleValue attach(String name) {
        return new DoubleValue(ValueSegment.attach(name, ValueSegment.Element.DOUBLE, false, 1));
    }

    /** @return the value (under the lock, if it has one) */
    public double get() {
        boolean entered = enter();
        try {
            return load();
        } finally {
            leave(entered);
        }
    }

    /** @param value the new value (stored under the lock, if it has one) */
    public void set(double value) {
        boolean entered = enter();
        try {
            store(value);
        } finally {
            leave(entered);
        }
    }

    /**
     * @param expected what it must be, compared bit for bit (as {@code Double.doubleToRawLongBits})
     * @param value what it becomes
     * @return whether it was {@code expected} and is now {@code value}
     */
    public boolean compareAndSet(double expected, double value) {
        if (hasLock()) {
            boolean entered = enter();
            try {
                if (Double.doubleToRawLongBits(load()) != Double.doubleToRawLongBits(expected)) {
                    return false;
                }
                store(value);
                return true;
            } finally {
                leave(entered);
            }
        }
        return segment().compareAndSetLong(ValueSegment.DATA_AT, Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(value));
    }

    /**
     * @param delta added atomically
     * @return the value before
     */
    public double getAndAdd(double delta) {
        if (hasLock()) {
            boolean entered = enter();
            try {
                double before = load();
                store(before + delta);
                return before;
            } finally {
                leave(entered);
            }
        }
        while (true) {
            long bits = segment().getLongVolatile(ValueSegment.DATA_AT);
            double before = Double.longBitsToDouble(bits);
            if (segment().compareAndSetLong(ValueSegment.DATA_AT, bits, Double.doubleToRawLongBits(before + delta))) {
                return before;
            }
        }
    }

    /**
     * @param delta added atomically
     * @return the value after
     */
    public double addAndGet(double delta) {
        return getAndAdd(delta) + delta;
    }

    /**
     * @param value what it becomes, atomically
     * @return the value before
     */
    public double getAndSet(double value) {
        while (true) {
            double before = get();
            if (compareAndSet(before, value)) {
                return before;
            }
        }
    }

    private double load() {
        return Double.longBitsToDouble(segment().getLongVolatile(ValueSegment.DATA_AT));
    }

    private void store(double value) {
        segment().setLongVolatile(ValueSegment.DATA_AT, Double.doubleToRawLongBits(value));
    }
}
