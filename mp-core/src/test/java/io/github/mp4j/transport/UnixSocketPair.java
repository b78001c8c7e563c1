package io.github.mp4j.transport;

import io.github.mp4j.resource.RuntimeDirectory;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Two connected ends of a Unix domain socket in this process, for tests that drive a
 * {@link FramedChannel} (or the raw bytes under one) from both sides. The socket file is gone
 * once the pair is connected.
 *
 * @param client the end that connected
 * @param server the end that was accepted
 */
public record UnixSocketPair(SocketChannel client, SocketChannel server) {

    /**
     * @return a newly connected pair
     * @throws IOException if the socket cannot be made
     */
    public static UnixSocketPair open() throws IOException {
        Path socketFile = RuntimeDirectory.newFile("sock");
        try (ServerSocketChannel listening = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listening.bind(UnixDomainSocketAddress.of(socketFile));
            SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socketFile));
            return new UnixSocketPair(client, listening.accept());
        } finally {
            Files.deleteIfExists(socketFile);
        }
    }
}
