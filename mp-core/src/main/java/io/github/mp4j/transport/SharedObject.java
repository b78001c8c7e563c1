package io.github.mp4j.transport;


/** Something this process created and other processes use through its {@link ObjectServer}. */
public interface SharedObject {

    /**
     * Serves one authenticated connection, on a thread of its own, after the hello was accepted.
     *
     * @param service the service the peer asked for (an {@link ObjectServer} {@code SERVICE_*})
     * @param argument the hello's argument byte
     * @param channel the connection
     * @return {@code true} if the channel was handed to someone else and must stay open
     */
    boolean serve(int service, int argument, FramedChannel channel);

    /**
     * Checks a hello before it is acknowledged.
     *
     * @param service the service asked for
     * @param argument the hello's argument byte
     * @return {@code null} to accept, or why the request is refused
     */
    default String refusal(int service, int argument) {
        return null;
    }
}
