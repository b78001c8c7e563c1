package io.github.mp4j.function;

import java.io.Serializable;
import java.util.function.BiFunction;

/**
 * A {@link BiFunction} that can be sent to another process: what a pool's {@code starmap} applies.
 *
 * @param <T> the first argument's type
 * @param <U> the second argument's type
 * @param <R> the result's type
 */
@FunctionalInterface
public interface SerializableBiFunction<T, U, R> extends BiFunction<T, U, R>, Serializable {
}
