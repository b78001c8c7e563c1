package io.github.mp4j.function;

import java.io.Serializable;

/**
 * A function of any number of arguments that can be sent to another process: what a pool's
 * {@code starmap} applies to argument lists of any length (Python's {@code f(*args)}).
 *
 * <p>The arguments arrive as {@code Object}s, in the order of their argument list, because the
 * lists they come from ({@code Object[]}, {@code List}, records) do not carry one type per
 * position that the compiler could check; the function casts each one itself, and a wrong cast
 * fails that task with its {@link ClassCastException}. For three to five arguments of known types,
 * {@link SerializableFunction3} to {@link SerializableFunction5} check them at compile time.
 *
 * @param <R> the result's type
 */
@FunctionalInterface
public interface SerializableVarargsFunction<R> extends Serializable {

    /**
     * Applies the function.
     *
     * @param arguments the arguments, in their list's order; never {@code null}, possibly empty
     * @return the result
     */
    R apply(Object... arguments);
}
