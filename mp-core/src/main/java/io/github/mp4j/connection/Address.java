package io.github.mp4j.connection;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a {@link Listener} listens: a Unix domain socket file (the default, for processes on one
 * machine) or a TCP host and port (for other machines).
 *
 * <p>The text form, used by {@link #parse(String)} and {@link #toString()}, is
 * {@code unix:/path/to/file.sock} or {@code tcp:host:port}.
 */
public final class Address {

    private final SocketAddress socketAddress;

    private Address(SocketAddress socketAddress) {
        this.socketAddress = socketAddress;
    }

    /**
     * @param path the socket file; its directory should be readable by the current user only
     * @return a Unix domain socket address
     */
    public static Address unix(Path path) {
        return new Address(UnixDomainSocketAddress.of(path));
    }

    /**
     * @param host a host name or IP address ({@code 0.0.0.0} to listen on every interface)
     * @param port a port, or 0 to let the listener pick a free one
     * @return a TCP address
     */
    public static Address tcp(String host, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        return new Address(new InetSocketAddress(host, port));
    }

    /**
     * @param socketAddress a bound or connectable JDK address
     * @return the same address
     */
    public static Address of(SocketAddress socketAddress) {
        if (!(socketAddress instanceof UnixDomainSocketAddress) && !(socketAddress instanceof InetSocketAddress)) {
            throw new IllegalArgumentException("only Unix domain and TCP addresses are supported, not " + socketAddress);
        }
        return new Address(socketAddress);
    }

    /**
     * Reads the text form.
     *
     * @param text {@code unix:/path} or {@code tcp:host:port}
     * @return the address
     */
    public static Address parse(String text) {
        if (text.startsWith("unix:")) {
            return unix(Path.of(text.substring("unix:".length())));
        }
        if (text.startsWith("tcp:")) {
            int colon = text.lastIndexOf(':');
            if (colon > "tcp:".length()) {
                try {
                    return tcp(text.substring("tcp:".length(), colon), Integer.parseInt(text.substring(colon + 1)));
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
        }
        throw new IllegalArgumentException("not an mp4j address: '" + text + "'; expected unix:/path/to/file.sock"
                + " or tcp:host:port");
    }

    /** @return the JDK address */
    public SocketAddress socketAddress() {
        return socketAddress;
    }

    /** @return {@link StandardProtocolFamily#UNIX} or {@link StandardProtocolFamily#INET} */
    public StandardProtocolFamily family() {
        return socketAddress instanceof UnixDomainSocketAddress ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Address address && socketAddress.equals(address.socketAddress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(socketAddress);
    }

    @Override
    public String toString() {
        if (socketAddress instanceof UnixDomainSocketAddress unix) {
            return "unix:" + unix.getPath();
        }
        InetSocketAddress inet = (InetSocketAddress) socketAddress;
        return "tcp:" + inet.getHostString() + ":" + inet.getPort();
    }
}
