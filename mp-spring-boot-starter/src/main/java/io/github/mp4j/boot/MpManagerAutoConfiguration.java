package io.github.mp4j.boot;

import io.github.mp4j.connection.Address;
import io.github.mp4j.manager.Manager;
import io.github.mp4j.manager.ManagerOptions;
import io.github.mp4j.process.JvmOptions;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of a {@link Manager} from the
 * {@link MpManagerProperties mp.manager.* properties}, when {@code mp.manager.enabled=true}. It starts
 * with the context and is shut down with it; a {@code Manager} bean of the application's own
 * replaces it.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "mp.manager.enabled")
@EnableConfigurationProperties(MpManagerProperties.class)
public final class MpManagerAutoConfiguration {

    @Bean(destroyMethod = "shutdown")
    @ConditionalOnMissingBean
    Manager mpManager(MpManagerProperties properties) {
        return Manager.start(options(properties, System.getProperty("java.class.path")));
    }

    static ManagerOptions options(MpManagerProperties properties, String classPath) {
        ManagerOptions.Builder options = ManagerOptions.builder().inProcess(properties.isInProcess());
        if (properties.getAddress() != null) {
            try {
                options.address(Address.parse(properties.getAddress()));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationPropertyValueException("mp.manager.address", properties.getAddress(),
                        "mp.manager.address must be unix:/path/file.sock or tcp:host:port (" + e.getMessage() + ")");
            }
        }
        try {
            options.startTimeout(properties.getStartTimeout());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException("mp.manager.start-timeout", properties.getStartTimeout(),
                    "mp.manager.start-timeout must be positive");
        }
        return options.jvmOptions(jvmOptions(properties.getJvm(), classPath)).build();
    }

    private static JvmOptions jvmOptions(MpProperties.Jvm jvm, String classPath) {
        JvmOptions.Builder options = JvmOptions.builder();
        if (jvm.getJavaExecutable() != null) {
            options.javaExecutable(jvm.getJavaExecutable());
        }
        try {
            if (jvm.getMaxHeap() != null) {
                options.maxHeap(jvm.getMaxHeap());
            }
            options.jvmArgs(jvm.getArgs());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException("mp.manager.jvm", jvm.getMaxHeap() + " " + jvm.getArgs(),
                    "mp.manager.jvm: " + e.getMessage());
        }
        options.classDataSharing(jvm.isClassDataSharing());
        ExecutableArchive.launchWorkersFrom(classPath, options);
        return options.build();
    }
}
