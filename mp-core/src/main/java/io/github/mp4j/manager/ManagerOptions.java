package io.github.mp4j.manager;

import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.ConnectionOptions;
import io.github.mp4j.process.JvmOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Manager} is started. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * ManagerOptions options = ManagerOptions.builder()
 *         .inProcess(true)                              // serve from this JVM's threads
 *         .address(Address.tcp("127.0.0.1", 0))         // instead of a private Unix socket
 *         .build();
 * }</pre>
 */
public final class ManagerOptions {

    /** A manager JVM has this long to start listening. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    /** The defaults: a child JVM listening on a private Unix socket, with the family's auth key. */
    public static final ManagerOptions DEFAULT = builder().build();

    private final boolean inProcess;
    private final Address address;
    private final Address advertisedAddress;
    private final byte[] authKey;
    private final JvmOptions jvmOptions;
    private final ConnectionOptions connectionOptions;
    private final Duration startTimeout;

    private ManagerOptions(Builder builder) {
        this.inProcess = builder.inProcess;
        this.address = builder.address;
        this.advertisedAddress = builder.advertisedAddress;
        this.authKey = builder.authKey;
        this.jvmOptions = builder.jvmOptions;
        this.connectionOptions = builder.connectionOptions;
        this.startTimeout = builder.startTimeout;
    }

    /** @return the TCP address proxies carry, or {@code null} for the one listened on (a guess for a wildcard) */
    public Address advertisedAddress() {
        return advertisedAddress;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return whether the manager serves from this JVM instead of a child JVM of its own */
    public boolean inProcess() {
        return inProcess;
    }

    /** @return where it listens, or {@code null} for a new Unix socket in the private runtime directory */
    public Address address() {
        return address;
    }

    /** @return its auth key, or {@code null} for the family's (the key every mp4j child already shares) */
    public byte[] authKey() {
        return authKey == null ? null : authKey.clone();
    }

    /** @return how its child JVM is started */
    public JvmOptions jvmOptions() {
        return jvmOptions;
    }

    /** @return the limits of its connections (largest message, handshake timeout) */
    public ConnectionOptions connectionOptions() {
        return connectionOptions;
    }

    /** @return how long its child JVM has to start listening */
    public Duration startTimeout() {
        return startTimeout;
    }

    /** Builds {@link ManagerOptions}; every setter validates at once. */
    public static final class Builder {

        private boolean inProcess;
        private Address address;
        private Address advertisedAddress;
        private byte[] authKey;
        private JvmOptions jvmOptions = JvmOptions.DEFAULT;
        private ConnectionOptions connectionOptions = ConnectionOptions.DEFAULT;
        private Duration startTimeout = DEFAULT_START_TIMEOUT;

        private Builder() {
        }

        /**
         * @param value {@code true} to serve from this JVM's threads (no child JVM; the objects
         *     die with this JVM), {@code false} (the default) for a child JVM of its own
         * @return this builder
         */
        public Builder inProcess(boolean value) {
            this.inProcess = value;
            return this;
        }

        /**
         * @param value where to listen: a Unix socket file or a TCP host and port (port 0 picks a
         *     free one; {@link Manager#address()} tells which)
         * @return this builder
         */
        public Builder address(Address value) {
            this.address = Objects.requireNonNull(value, "address");
            return this;
        }

        /**
         * @param value the TCP address its proxies carry, for other processes and machines to
         *     connect to: needed when the manager listens on a wildcard address ({@code 0.0.0.0})
         *     and the address this machine guesses (its first non-loopback address, logged at
         *     start) is not the one clients reach it by (a NAT, a container, several networks).
         *     Its port may be 0 for the port the manager listens on.
         * @return this builder
         */
        public Builder advertisedAddress(Address value) {
            this.advertisedAddress = Objects.requireNonNull(value, "advertisedAddress");
            return this;
        }

        /**
         * @param value the key clients must prove they know; by default the family's key, which
         *     this process's children and pool workers share already. A proxy of a manager with
         *     its own key carries the key only in the target of a child process this process
         *     starts; any other process calls {@link Manager#connect} with the key first.
         * @return this builder
         */
        public Builder authKey(byte[] value) {
            Objects.requireNonNull(value, "authKey");
            if (value.length == 0) {
                throw new IllegalArgumentException("authKey must not be empty");
            }
            this.authKey = value.clone();
            return this;
        }

        /**
         * @param value how the manager's child JVM is started (ignored in process)
         * @return this builder
         */
        public Builder jvmOptions(JvmOptions value) {
            this.jvmOptions = Objects.requireNonNull(value, "jvmOptions");
            return this;
        }

        /**
         * @param value the limits of the manager's connections
         * @return this builder
         */
        public Builder connectionOptions(ConnectionOptions value) {
            this.connectionOptions = Objects.requireNonNull(value, "connectionOptions");
            return this;
        }

        /**
         * @param value how long the child JVM has to start listening; positive
         * @return this builder
         */
        public Builder startTimeout(Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive, was " + value);
            }
            this.startTimeout = value;
            return this;
        }

        /** @return the options */
        public ManagerOptions build() {
            return new ManagerOptions(this);
        }
    }
}
