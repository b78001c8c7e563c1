package io.github.mp4j.manager;

import io.github.mp4j.function.SerializableFunction;

/**
 * One value held by a {@link Manager} (Python's {@code manager.Value(typecode, value)}); any
 * serializable object, {@code null} included.
 *
 * @param <T> the value's type
 */
public interface ManagedValue<T> {

    /** @return the value */
    T get();

    /** @param value the new value */
    void set(T value);

    /**
     * @param value the new value
     * @return the previous value
     */
    T getAndSet(T value);

    /**
     * Replaces the value by a function of it, atomically, in the manager.
     *
     * @param update computes the new value from the current one
     * @return the new value
     */
    T updateAndGet(SerializableFunction<? super T, ? extends T> update);
}
