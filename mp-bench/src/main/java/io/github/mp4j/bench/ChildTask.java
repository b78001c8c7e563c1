package io.github.mp4j.bench;

import java.io.Serializable;

/**
 * What a gated child runs once released; its return value travels back to the parent. Write it as
 * a lambda or method reference in a bench class: the child JVM runs on the same class path and
 * decodes it from there.
 */
@FunctionalInterface
interface ChildTask extends Serializable {

    /**
     * @return a result for the parent, or {@code null}
     * @throws Exception any failure; the parent reports it
     */
    Object call() throws Exception;
}
