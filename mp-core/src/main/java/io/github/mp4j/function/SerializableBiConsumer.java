package io.github.mp4j.function;

import java.io.Serializable;
import java.util.function.BiConsumer;

/**
 * A {@link BiConsumer} that can be sent to another process.
 *
 * @param <T> the first argument's type
 * @param <U> the second argument's type
 */
@FunctionalInterface
public interface SerializableBiConsumer<T, U> extends BiConsumer<T, U>, Serializable {
}
