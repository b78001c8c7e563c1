package io.github.mp4j.connection;

/**
 * Something {@link Connections#waitFor} can wait on: a {@link Connection} (ready when it has
 * something to receive) or another object that says when it is ready, such as a process
 * (ready when it has exited).
 */
public interface Waitable {

    /**
     * @return a future that completes once this object is ready, or {@code null} for a
     *     {@link Connection}, which is waited for by the operating system instead
     */
    default java.util.concurrent.CompletionStage<?> whenReady() {
        return null;
    }
}
