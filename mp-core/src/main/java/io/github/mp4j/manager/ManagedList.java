package io.github.mp4j.manager;

import java.util.List;

/**
 * A list held by a {@link Manager} (Python's {@code manager.list()}): every method is one round
 * trip to the manager, where it runs atomically with respect to every other call on this list.
 * {@code addAll} sends all its elements in one round trip; {@code removeIf}, {@code replaceAll}
 * and {@code sort} run in the manager (their functions must be serializable at run time: a lambda
 * cast to an intersection with {@link java.io.Serializable}, or a serializable function of
 * {@code io.github.mp4j.function}).
 *
 * <p>{@code iterator()}, {@code listIterator()}, {@code spliterator()}, {@code stream()},
 * {@code forEach} and {@code subList} work on a <b>snapshot</b> taken in one round trip: an
 * unmodifiable copy that later changes do not affect and that does not write through.
 *
 * @param <E> the element type
 */
public interface ManagedList<E> extends List<E> {
}
