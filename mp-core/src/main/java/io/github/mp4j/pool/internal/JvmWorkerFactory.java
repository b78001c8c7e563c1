package io.github.mp4j.pool.internal;

import io.github.mp4j.function.SerializableFunction;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.serial.SerializationException;
import io.github.mp4j.transport.Handoff;

/** Makes {@link JvmWorker}s, to which inputs, functions and the initializer travel serialized. */
final class JvmWorkerFactory implements WorkerFactory {

    private final PoolConfig config;
    private final byte[] initializer;

    /** @throws SerializationException if the initializer cannot be sent to worker JVMs */
    JvmWorkerFactory(PoolConfig config) {
        this.config = config;
        this.initializer = config.initializer() == null ? new byte[0] : encodeOrExplain(config.initializer(), "initializer");
    }

    @Override
    public Worker create(String name, WorkerSink sink) {
        return new JvmWorker(name, sink, config, initializer);
    }

    @Override
    public Inputs.Encoder encoder() {
        return (items, failFast) -> Handoff.toOwnChild(() -> Inputs.SERIALIZED.encode(items, failFast));
    }

    @Override
    public byte[] encode(SerializableFunction<Object, Object> function, String what) {
        return encodeOrExplain(function, what);
    }

    private static byte[] encodeOrExplain(Object value, String what) {
        try {
            // over the worker's own authenticated pipe: a proxy may carry its manager's own key, as to a child
            return Handoff.toOwnChild(() -> ObjectCodec.encode(value));
        } catch (SerializationException e) {
            throw new SerializationException("the " + what + " cannot be sent to worker JVMs: " + e.getMessage(), e);
        }
    }
}
