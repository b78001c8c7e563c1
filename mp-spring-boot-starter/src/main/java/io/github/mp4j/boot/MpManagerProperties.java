package io.github.mp4j.boot;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code mp.manager.*} properties: a {@code Manager} bean holding shared objects. */
@ConfigurationProperties("mp.manager")
public class MpManagerProperties {

    /** Whether to start a Manager bean (a server of shared maps, lists, locks...), closed with the context. */
    private boolean enabled;

    /** Whether the manager serves from this JVM's threads instead of a child JVM of its own. */
    private boolean inProcess;

    /** Where the manager listens, as unix:/path/file.sock or tcp:host:port. By default, a private Unix socket. */
    private String address;

    /** How long the manager's JVM has to start listening. */
    private Duration startTimeout = Duration.ofSeconds(60);

    /** How the manager's JVM is started (max-heap, args, java-executable, class-data-sharing). */
    private final MpProperties.Jvm jvm = new MpProperties.Jvm();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isInProcess() {
        return inProcess;
    }

    public void setInProcess(boolean inProcess) {
        this.inProcess = inProcess;
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public Duration getStartTimeout() {
        return startTimeout;
    }

    public void setStartTimeout(Duration startTimeout) {
        this.startTimeout = startTimeout;
    }

    public MpProperties.Jvm getJvm() {
        return jvm;
    }
}
