package io.github.mp4j.transport;

import java.io.IOException;

/**
 * Two {@link FramedChannel}s over the ends of one {@link UnixSocketPair}, with no frame size
 * limit to speak of, for tests that play both sides of a protocol.
 *
 * @param client the channel of the end that connected
 * @param server the channel of the end that was accepted
 */
public record FramedChannelPair(FramedChannel client, FramedChannel server) implements AutoCloseable {

    /**
     * @return a newly connected pair
     * @throws IOException if the socket cannot be made
     */
    public static FramedChannelPair open() throws IOException {
        UnixSocketPair sockets = UnixSocketPair.open();
        return new FramedChannelPair(new FramedChannel(sockets.client(), Integer.MAX_VALUE - 8),
                new FramedChannel(sockets.server(), Integer.MAX_VALUE - 8));
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
