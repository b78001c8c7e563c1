package io.github.mp4j.pool.internal;

import io.github.mp4j.function.SerializableFunction;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.runtime.StartMethod;

/**
 * Makes a pool's workers, and says how tasks must travel to them: the one place where the pool's
 * {@link StartMethod} makes a difference. Chosen once per pool, by {@link #of}.
 */
interface WorkerFactory {

    /**
     * @param config the pool's configuration
     * @return the factory for its start method
     * @throws io.github.mp4j.serial.SerializationException if the initializer cannot be sent to worker JVMs
     */
    static WorkerFactory of(PoolConfig config) {
        return config.startMethod() == StartMethod.THREADS ? new ThreadWorkerFactory(config.initializer())
                : new JvmWorkerFactory(config);
    }

    /**
     * @param name the worker's name
     * @param sink what the worker tells the pool
     * @return a worker, not yet started
     */
    Worker create(String name, WorkerSink sink);

    /** @return how a call's inputs are prepared for these workers */
    Inputs.Encoder encoder();

    /**
     * @param function a call's function
     * @param what names it in an error message, as in "function of the map call"
     * @return its bytes, or {@code null} for workers that take the function itself
     * @throws io.github.mp4j.serial.SerializationException if it cannot be sent to the workers
     */
    byte[] encode(SerializableFunction<Object, Object> function, String what);
}
