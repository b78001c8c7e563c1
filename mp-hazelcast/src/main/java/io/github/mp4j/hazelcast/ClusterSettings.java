package io.github.mp4j.hazelcast;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.properties.ClientProperty;
import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.spi.properties.ClusterProperty;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the cluster is and how its members find each other: the cluster name, the addresses of
 * (some of) its members, and how fast a silent member is declared dead. Immutable; made with
 * {@link #custom()}. It turns into the Hazelcast configuration of a member
 * ({@link #memberConfig}) or of a client ({@link #clientConfig()}), both with multicast off
 * (members join over TCP-IP at the given addresses), phone-home off and logging through
 * {@code java.util.logging}.
 *
 * <p>The cluster name is not a password: Hazelcast's open-source edition sends it in clear, and
 * any process that can reach a member's port and knows it can join and run code there (see the
 * README's "Scale-out" section).
 */
public final class ClusterSettings {

    /** By default the cluster is called {@code mp4j}. */
    public static final String DEFAULT_CLUSTER_NAME = "mp4j";
    /** By default a member listens on this port (or the next free one above it). */
    public static final int DEFAULT_PORT = 5701;
    /** By default a member that does not answer heartbeats for this long is declared dead. */
    public static final Duration DEFAULT_FAILURE_DETECTION = Duration.ofSeconds(10);
    /** A client that reaches no member for this long gives up. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(2);
    /** The Hazelcast executor the members run chunks on. */
    static final String EXECUTOR_NAME = "mp4j-chunks";

    private final String clusterName;
    private final List<String> members;
    private final int port;
    private final String bindAddress;
    private final Duration failureDetection;
    private final String loggingType;

    private ClusterSettings(Builder b) {
        this.clusterName = b.clusterName;
        this.members = List.copyOf(b.members);
        this.port = b.port;
        this.bindAddress = b.bindAddress;
        this.failureDetection = b.failureDetection;
        this.loggingType = b.loggingType;
    }

    /** @return a builder with the defaults */
    public static Builder custom() {
        return new Builder();
    }

    /** @return the cluster name */
    public String clusterName() {
        return clusterName;
    }

    /** @return the addresses ({@code host} or {@code host:port}) members and clients join through */
    public List<String> members() {
        return members;
    }

    /** @return the port a member listens on, or the first one it tries */
    public int port() {
        return port;
    }

    /** @return the address a member binds to and announces, or {@code null} for Hazelcast's choice */
    public String bindAddress() {
        return bindAddress;
    }

    /** @return how long a silent member may stay before it is declared dead */
    public Duration failureDetection() {
        return failureDetection;
    }

    /**
     * A member's configuration: it joins the others over TCP-IP and offers the chunk executor
     * with {@code executorThreads} threads.
     *
     * @param executorThreads threads that run received chunks (they wait for the local pool)
     * @return a new Hazelcast configuration, which the caller may refine before starting
     */
    public Config memberConfig(int executorThreads) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty(ClusterProperty.PHONE_HOME_ENABLED.getName(), "false");
        config.setProperty(ClusterProperty.LOGGING_TYPE.getName(), loggingType);
        config.setProperty(ClusterProperty.SHUTDOWNHOOK_ENABLED.getName(), "false");
        config.setProperty(ClusterProperty.HEARTBEAT_INTERVAL_SECONDS.getName(), "1");
        config.setProperty(ClusterProperty.MAX_NO_HEARTBEAT_SECONDS.getName(),
                Long.toString(Math.max(2, failureDetection.toSeconds())));
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(true);
        if (bindAddress != null) {
            network.setPublicAddress(bindAddress);
            network.getInterfaces().setEnabled(true).addInterface(bindAddress);
            config.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), "false");
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(new ArrayList<>(members));
        config.addExecutorConfig(new ExecutorConfig(EXECUTOR_NAME, Math.max(1, executorThreads)));
        return config;
    }

    /**
     * A client's configuration: it connects to the listed members (and learns the others from
     * them); a lost connection fails the chunks it carried at once. It tries to connect for
     * {@link #CONNECT_TIMEOUT} before it gives up.
     *
     * @return a new Hazelcast client configuration
     */
    public ClientConfig clientConfig() {
        ClientConfig config = new ClientConfig();
        config.setClusterName(clusterName);
        config.setProperty(ClusterProperty.PHONE_HOME_ENABLED.getName(), "false");
        config.setProperty(ClusterProperty.LOGGING_TYPE.getName(), loggingType);
        config.setProperty(ClientProperty.HEARTBEAT_INTERVAL.getName(), "1000");
        config.setProperty(ClientProperty.HEARTBEAT_TIMEOUT.getName(), Long.toString(Math.max(2000, failureDetection.toMillis())));
        config.getNetworkConfig().setAddresses(new ArrayList<>(members));
        // members starting at the same time as the client answer late: retry often, give up in the end
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setInitialBackoffMillis(200).setMaxBackoffMillis(2000)
                .setClusterConnectTimeoutMillis(CONNECT_TIMEOUT.toMillis());
        return config;
    }

    @Override
    public String toString() {
        return "ClusterSettings[clusterName=" + clusterName + ", members=" + members + ", port=" + port
                + ", bindAddress=" + bindAddress + ", failureDetection=" + failureDetection + "]";
    }

    /** Builds {@link ClusterSettings}; every setter checks its value at once. */
    public static final class Builder {

        private String clusterName = DEFAULT_CLUSTER_NAME;
        private List<String> members = List.of("127.0.0.1");
        private int port = DEFAULT_PORT;
        private String bindAddress;
        private Duration failureDetection = DEFAULT_FAILURE_DETECTION;
        private String loggingType = "jdk";

        private Builder() {
        }

        /**
         * @param name the cluster's name; only members and clients that use it join
         * @return this builder
         */
        public Builder clusterName(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("clusterName must not be blank, was '" + name + "'");
            }
            this.clusterName = name;
            return this;
        }

        /**
         * @param addresses where members are, as {@code host} or {@code host:port}; a new member
         *     or a client needs to reach one of them, and learns the rest from it
         * @return this builder
         */
        public Builder members(List<String> addresses) {
            if (addresses == null || addresses.isEmpty() || addresses.stream().anyMatch(a -> a == null || a.isBlank())) {
                throw new IllegalArgumentException("members must list at least one address (host or host:port), was " + addresses);
            }
            this.members = List.copyOf(addresses);
            return this;
        }

        /**
         * @param first the port a member listens on; when taken, it tries the next ones
         * @return this builder
         */
        public Builder port(int first) {
            if (first < 1 || first > 65_535) {
                throw new IllegalArgumentException("port must be between 1 and 65535, was " + first);
            }
            this.port = first;
            return this;
        }

        /**
         * @param address the address a member binds to and announces to the others (one of this
         *     host's addresses), or {@code null} to let Hazelcast choose
         * @return this builder
         */
        public Builder bindAddress(String address) {
            this.bindAddress = address == null || address.isBlank() ? null : address;
            return this;
        }

        /**
         * @param timeout how long a member may stay silent before it is declared dead and its
         *     chunks are run elsewhere (at least two seconds)
         * @return this builder
         */
        public Builder failureDetection(Duration timeout) {
            Objects.requireNonNull(timeout, "failureDetection");
            if (timeout.toMillis() < 2000) {
                throw new IllegalArgumentException("failureDetection must be at least 2 s, was " + timeout);
            }
            this.failureDetection = timeout;
            return this;
        }

        /**
         * @param type Hazelcast's logging: {@code jdk} (through {@code java.util.logging}, the
         *     default), {@code slf4j}, {@code log4j2} or {@code none}
         * @return this builder
         */
        public Builder loggingType(String type) {
            if (!List.of("jdk", "slf4j", "log4j", "log4j2", "none").contains(type)) {
                throw new IllegalArgumentException("loggingType must be jdk, slf4j, log4j, log4j2 or none, was " + type);
            }
            this.loggingType = type;
            return this;
        }

        /** @return the settings */
        public ClusterSettings build() {
            return new ClusterSettings(this);
        }
    }
}
