package io.github.mp4j.pool.internal;

import io.github.mp4j.function.SerializableFunction;
import io.github.mp4j.function.SerializableRunnable;

/** Makes {@link ThreadWorker}s, which take tasks and functions as they are, unserialized. */
final class ThreadWorkerFactory implements WorkerFactory {

    private final SerializableRunnable initializer;

    ThreadWorkerFactory(SerializableRunnable initializer) {
        this.initializer = initializer;
    }

    @Override
    public Worker create(String name, WorkerSink sink) {
        return new ThreadWorker(name, sink, initializer);
    }

    @Override
    public Inputs.Encoder encoder() {
        return Inputs.RAW;
    }

    @Override
    public byte[] encode(SerializableFunction<Object, Object> function, String what) {
        return null;
    }
}
