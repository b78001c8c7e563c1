package io.github.mp4j.runtime;

/** Where a pool runs its tasks. */
public enum StartMethod {
    /** In worker JVMs: isolated, killable, truly parallel (Python's {@code Pool}). */
    JVM,
    /**
     * On threads of this JVM (Python's {@code ThreadPool}): for I/O-bound work and for tests. Tasks
     * and results are passed as they are, without serialization; a timed-out task's thread is
     * interrupted and abandoned, since a thread cannot be killed.
     */
    THREADS
}
