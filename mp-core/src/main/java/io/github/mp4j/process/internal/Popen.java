package io.github.mp4j.process.internal;

import java.util.concurrent.CompletableFuture;

/**
 * A started child, whatever started it (CPython's {@code Popen} strategies). The start method is
 * chosen once, when the launcher is picked; nothing else asks how a child was started.
 */
public interface Popen {

    /** @return the operating system's process id */
    long pid();

    /** @return completes with the Python-style exit code once the child has exited */
    CompletableFuture<Integer> onExit();

    /** Asks the child to stop (SIGTERM). */
    void terminate();

    /** Stops the child at once (SIGKILL). */
    void kill();

    /** Releases what the parent holds for this child (pipes). The child must have exited. */
    void close();
}
