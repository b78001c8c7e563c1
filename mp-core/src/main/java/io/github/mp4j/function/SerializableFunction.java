package io.github.mp4j.function;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} that can be sent to another process: what a pool's {@code map} applies.
 *
 * @param <T> the argument's type
 * @param <R> the result's type
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {
}
