package io.github.mp4j.runtime;

/**
 * How processes, queues and pool workers are started (Python's start methods and
 * {@code multiprocessing.dummy}): chosen once for a context ({@code MpContext.of(method)}), or per
 * object ({@code ChildProcess.Builder.startMethod}, {@code Queues.queue(method, maxSize)},
 * {@code PoolConfig.Builder.startMethod}).
 */
public enum StartMethod {
    /**
     * In child JVMs: isolated, killable, truly parallel (Python's {@code Process} and {@code Pool});
     * targets, tasks and queue items are serialized.
     */
    JVM,
    /**
     * On threads of this JVM (Python's {@code multiprocessing.dummy} and {@code ThreadPool}): for
     * I/O-bound work and for tests. Targets, tasks, results and queue items are passed as they
     * are, without serialization; a thread cannot be killed, so terminating a process or timing
     * out a pool task interrupts its thread (a timed-out task's thread is then abandoned).
     */
    THREADS
}
