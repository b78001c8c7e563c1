package io.github.mp4j.pool;

import io.github.mp4j.runtime.StartMethod;

/** The call contract on threads of this JVM. */
class ThreadCallControlTest extends CallControlContract {

    @Override
    StartMethod startMethod() {
        return StartMethod.THREADS;
    }
}
