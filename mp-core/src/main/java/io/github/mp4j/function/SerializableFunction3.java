package io.github.mp4j.function;

import java.io.Serializable;

/**
 * A function of three arguments that can be sent to another process: what a pool's
 * {@code starmap} applies to argument lists of three.
 *
 * @param <A> the first argument's type
 * @param <B> the second argument's type
 * @param <C> the third argument's type
 * @param <R> the result's type
 */
@FunctionalInterface
public interface SerializableFunction3<A, B, C, R> extends Serializable {

    /**
     * Applies the function.
     *
     * @param a the first argument
     * @param b the second argument
     * @param c the third argument
     * @return the result
     */
    R apply(A a, B b, C c);
}
