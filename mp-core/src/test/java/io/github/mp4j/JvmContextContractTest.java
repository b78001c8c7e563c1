package io.github.mp4j;

import io.github.mp4j.runtime.StartMethod;

/** The context contract with child JVMs (Python's {@code spawn} context). */
class JvmContextContractTest extends ContextContract {

    @Override
    StartMethod startMethod() {
        return StartMethod.JVM;
    }
}
