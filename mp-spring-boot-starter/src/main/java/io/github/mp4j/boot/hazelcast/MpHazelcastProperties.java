package io.github.mp4j.boot.hazelcast;

import io.github.mp4j.hazelcast.ClusterSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code mp.hazelcast.*} properties: where the cluster is and what this application is in it.
 * Used with {@code mp.backend=hazelcast}.
 */
@ConfigurationProperties("mp.hazelcast")
public class MpHazelcastProperties {

    /** What this application is in the cluster. */
    public enum Role {
        /** Only submits work: a Hazelcast client (or the application's own HazelcastInstance bean). */
        CLIENT,
        /** Also runs work: a Hazelcast member with a local pool of mp.processes workers (mp.start-method). */
        MEMBER
    }

    /** Name of the cluster; only members and clients using the same name meet. */
    private String clusterName = ClusterSettings.DEFAULT_CLUSTER_NAME;

    /** Addresses (host or host:port) of members to join or connect to. */
    private List<String> members = new ArrayList<>(List.of("127.0.0.1"));

    /** 'client' submits work only; 'member' also runs it, in a local pool of mp.processes workers. */
    private Role role = Role.CLIENT;

    /** Port a member listens on (or the first free one above it). */
    private int port = ClusterSettings.DEFAULT_PORT;

    /** Address a member binds to and announces; empty lets Hazelcast choose. */
    private String bindAddress;

    /** How long a silent member may stay before it is declared dead and its chunks run elsewhere. */
    private Duration failureDetection = ClusterSettings.DEFAULT_FAILURE_DETECTION;

    public String getClusterName() {
        return clusterName;
    }

    public void setClusterName(String clusterName) {
        this.clusterName = clusterName;
    }

    public List<String> getMembers() {
        return members;
    }

    public void setMembers(List<String> members) {
        this.members = members;
    }

    public Role getRole() {
        return role;
    }

    public void setRole(Role role) {
        this.role = role;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public Duration getFailureDetection() {
        return failureDetection;
    }

    public void setFailureDetection(Duration failureDetection) {
        this.failureDetection = failureDetection;
    }
}
