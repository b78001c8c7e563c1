package io.github.mp4j.manager.internal;

import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.Connection;
import io.github.mp4j.connection.ConnectionOptions;
import io.github.mp4j.connection.TlsSettings;
import io.github.mp4j.runtime.CurrentProcess;
import java.io.Serializable;
import java.util.Map;

/** What a manager's child JVM runs: it serves until shut down (or until its owner exits, as every mp4j child). */
public final class ManagerMain {

    /**
     * What the child needs to know, sent inside its target.
     *
     * @param address where to listen (text form), or {@code null} for a private Unix socket
     * @param advertised the TCP address proxies carry (text form), or {@code null} for the bound one
     * @param authKey the key, or {@code null} for the family's
     * @param options the connections' limits, without TLS
     * @param tlsProperties the {@code mp4j.tls.*} properties to serve TLS with, or {@code null} for none
     */
    public record Spec(String address, String advertised, byte[] authKey, ConnectionOptions options, Map<String, String> tlsProperties)
            implements Serializable {
    }

    private ManagerMain() {
    }

    /**
     * Runs a manager in this (child) process until it is shut down.
     *
     * @param spec where and how to listen
     * @param ready where to send the address, once listening
     */
    public static void serve(Spec spec, Connection ready) {
        ConnectionOptions options = spec.options();
        if (spec.tlsProperties() != null) {
            spec.tlsProperties().forEach(System::setProperty);
            options = options.withTls(TlsSettings.fromSystemProperties());
        }
        ManagerServer server = ManagerServer.start(spec.address() == null ? null : Address.parse(spec.address()),
                spec.advertised() == null ? null : Address.parse(spec.advertised()),
                spec.authKey() == null ? CurrentProcess.authKey() : spec.authKey(), options);
        ready.send(server.address().toString());
        ready.close();
        server.awaitClosed();
    }
}
