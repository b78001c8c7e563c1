package io.github.mp4j.manager.internal;

import io.github.mp4j.connection.Address;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.util.Collections;

/**
 * The address a manager's proxies carry. A proxy travels to other processes and machines, so a
 * wildcard address ({@code 0.0.0.0}, {@code ::}), which means "every interface" only to the
 * listening socket, is replaced by one a client can connect to.
 */
final class Advertised {

    /** Made on first use: System.getLogger starts java.util.logging, which a child JVM pays for only if it logs. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(Advertised.class.getName());
    }

    private Advertised() {
    }

    /**
     * @param bound the address the manager listens on
     * @param configured the address asked for ({@code ManagerOptions.advertisedAddress}), or {@code null}
     * @return the address proxies carry
     */
    static Address of(Address bound, Address configured) {
        if (bound.family() == StandardProtocolFamily.UNIX) {
            return bound;
        }
        int port = ((InetSocketAddress) bound.socketAddress()).getPort();
        if (configured != null) {
            InetSocketAddress asked = (InetSocketAddress) configured.socketAddress();
            return Address.tcp(asked.getHostString(), asked.getPort() == 0 ? port : asked.getPort());
        }
        InetAddress host = ((InetSocketAddress) bound.socketAddress()).getAddress();
        if (!host.isAnyLocalAddress()) {
            return bound;
        }
        InetAddress guess = firstNonLoopback();
        Address chosen = Address.tcp(guess.getHostAddress(), port);
        Log.LOG.log(System.Logger.Level.INFO, "the manager listens on " + bound + "; its proxies carry " + chosen
                + " (this machine's first non-loopback address): if clients reach it by another address, set"
                + " ManagerOptions.advertisedAddress");
        return chosen;
    }

    /** @return the first IPv4 address of an interface that is up and not loopback, else the loopback address */
    private static InetAddress firstNonLoopback() {
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress candidate : Collections.list(nif.getInetAddresses())) {
                    if (candidate instanceof Inet4Address && !candidate.isLinkLocalAddress()) {
                        return candidate;
                    }
                }
            }
        } catch (SocketException e) {
            Log.LOG.log(System.Logger.Level.DEBUG, "cannot list the network interfaces", e);
        }
        return InetAddress.getLoopbackAddress();
    }
}
