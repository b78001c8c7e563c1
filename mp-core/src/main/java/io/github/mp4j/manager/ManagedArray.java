package io.github.mp4j.manager;

import io.github.mp4j.function.SerializableFunction;
import java.util.List;

/**
 * A fixed-length array held by a {@link Manager} (Python's {@code manager.Array(typecode, seq)}).
 * Each method is one round trip; {@link #toList()} copies the whole array in one.
 *
 * @param <T> the element type
 */
public interface ManagedArray<T> {

    /** @return the number of elements */
    int length();

    /**
     * @param index the element
     * @return its value
     * @throws IndexOutOfBoundsException if out of range
     */
    T get(int index);

    /**
     * @param index the element
     * @param value its new value
     */
    void set(int index, T value);

    /**
     * Replaces an element by a function of it, atomically, in the manager.
     *
     * @param index the element
     * @param update computes the new value from the current one
     * @return the new value
     */
    T updateAndGet(int index, SerializableFunction<? super T, ? extends T> update);

    /** @return a copy of every element, in order */
    List<T> toList();
}
