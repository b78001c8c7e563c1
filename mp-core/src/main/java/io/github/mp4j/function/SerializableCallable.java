package io.github.mp4j.function;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A {@link Callable} that can be sent to another process: a task for a pool.
 *
 * @param <R> the result's type
 */
@FunctionalInterface
public interface SerializableCallable<R> extends Callable<R>, Serializable {
}
