package io.github.mp4j.process.internal;

import io.github.mp4j.function.SerializableRunnable;
import io.github.mp4j.process.JvmOptions;
import io.github.mp4j.runtime.ProcessInfo;
import io.github.mp4j.runtime.StartMethod;

/**
 * How a child is started: the start method as a strategy (CPython's {@code Popen} classes, one per
 * start method). A {@link io.github.mp4j.process.ChildProcess} picks its spawner once, from its
 * {@link StartMethod}; from then on it only talks to the {@link Popen} it got back.
 */
public interface Spawner {

    /**
     * Starts {@code target} as the child {@code child}.
     *
     * @param target what the child runs
     * @param child the child's name, daemon flag and identity (its pid is not known yet)
     * @param options how to start a child JVM (ignored by spawners that start none)
     * @param outputPrefix what starts each line a child JVM prints, or {@code null}
     * @return the started child
     * @throws io.github.mp4j.serial.SerializationException if the target must be sent and cannot be
     * @throws io.github.mp4j.process.ProcessStartException if the child cannot be started
     */
    Popen spawn(SerializableRunnable target, ProcessInfo child, JvmOptions options, String outputPrefix);

    /**
     * @param method the start method
     * @return the spawner that starts children that way
     */
    static Spawner of(StartMethod method) {
        return switch (method) {
            case JVM -> JvmSpawner.INSTANCE;
            case THREADS -> ThreadSpawner.INSTANCE;
        };
    }
}
