package io.github.mp4j.boot;

import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.process.JvmOptions;
import io.github.mp4j.runtime.StartMethod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@link MpProperties} into a {@link PoolConfig}.
 *
 * <p>mp-core checks every value and says what it allows; here its message is reworded to name the
 * property ({@code processes must be >= 1, was 0} becomes {@code mp.processes must be >= 1, was 0})
 * and thrown as an {@link InvalidConfigurationPropertyValueException}, which Boot's failure
 * analyzer reports together with where the value came from.
 */
final class PoolConfigMapper {

    private PoolConfigMapper() {
    }

    /**
     * @param properties the {@code mp.*} properties
     * @param classPath the class path worker JVMs inherit ({@code java.class.path})
     * @return a builder holding the properties
     * @throws InvalidConfigurationPropertyValueException naming the first invalid property
     */
    static PoolConfig.Builder toBuilder(MpProperties properties, String classPath) {
        PoolConfig.Builder builder = PoolConfig.custom();
        set("mp.name", properties.getName(), builder::name);
        set("mp.processes", properties.getProcesses(), builder::processes);
        set("mp.start-method", properties.getStartMethod(), builder::startMethod);
        set("mp.chunk-size", properties.getChunkSize(), builder::chunkSize);
        set("mp.max-tasks-per-child", properties.getMaxTasksPerChild(), builder::maxTasksPerChild);
        set("mp.task-timeout", properties.getTaskTimeout(), builder::taskTimeout);
        set("mp.retries", properties.getRetries(), builder::retries);
        set("mp.read-ahead", properties.getReadAhead(), builder::readAhead);
        set("mp.max-pending-tasks", properties.getMaxPendingTasks(), builder::maxPendingTasks);
        set("mp.pending-wait", properties.getPendingWait(), builder::pendingWait);
        if (properties.getStartMethod() == StartMethod.JVM) {
            requireExecutable(properties.getJvm().getJavaExecutable());
        }
        return builder.jvmOptions(jvmOptions(properties.getJvm(), classPath));
    }

    /** A launcher that cannot run would leave the application with a pool whose every worker fails to start. */
    private static void requireExecutable(Path java) {
        if (java == null) {
            return;
        }
        String property = "mp.jvm.java-executable";
        String problem = !Files.exists(java) ? "there is no such file" : Files.isDirectory(java) ? "it is a directory"
                : !Files.isExecutable(java) ? "it is not executable" : notAJavaLauncher(java);
        if (problem != null) {
            throw new InvalidConfigurationPropertyValueException(property, java, property + " must be the path of an"
                    + " executable 'java' launcher (such as /usr/lib/jvm/java-17/bin/java), or be left unset to use the"
                    + " one running this application; was '" + java + "', but " + problem);
        }
    }

    /**
     * Runs {@code java -version} (only for a launcher set explicitly): an executable that is not a
     * Java launcher would otherwise start a pool whose every worker fails.
     *
     * @return why it is not a Java launcher, or {@code null} if it is one
     */
    private static String notAJavaLauncher(Path java) {
        Path output = null;
        try {
            // Output goes to a file, not a pipe: a launcher that prints nothing and never exits must
            // still be timed out, and one that prints a lot must not block on a full pipe.
            output = Files.createTempFile("mp4j-java-version", ".txt");
            Process probe = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!probe.waitFor(30, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                return "running it with -version did not finish within 30 s";
            }
            String printed = Files.readString(output, StandardCharsets.ISO_8859_1);
            return probe.exitValue() == 0 && printed.contains(" version \"") ? null
                    : "running it with -version exited with " + probe.exitValue() + " and did not print a Java version";
        } catch (IOException e) {
            return "it could not be run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the check was interrupted";
        } finally {
            deleteQuietly(output);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                file.toFile().deleteOnExit();
            }
        }
    }

    /**
     * @param properties the {@code mp.*} properties
     * @return how long shutdown waits for submitted work
     * @throws InvalidConfigurationPropertyValueException if it is negative
     */
    static Duration shutdownGracePeriod(MpProperties properties) {
        Duration grace = properties.getShutdownGracePeriod();
        if (grace == null || grace.isNegative()) {
            String property = "mp.shutdown-grace-period";
            throw new InvalidConfigurationPropertyValueException(property, grace,
                    property + " must be zero (terminate at once) or positive, was " + grace);
        }
        return grace;
    }

    private static JvmOptions jvmOptions(MpProperties.Jvm jvm, String classPath) {
        JvmOptions.Builder options = JvmOptions.builder();
        if (jvm.getJavaExecutable() != null) {
            options.javaExecutable(jvm.getJavaExecutable());
        }
        set("mp.jvm.max-heap", jvm.getMaxHeap(), options::maxHeap);
        set("mp.jvm.args", jvm.getArgs(), options::jvmArgs);
        options.classDataSharing(jvm.isClassDataSharing());
        ExecutableArchive.launchWorkersFrom(classPath, options);
        return options.build();
    }

    private static <T> void set(String property, T value, Consumer<T> setter) {
        try {
            setter.accept(value);
        } catch (NullPointerException e) {
            throw new InvalidConfigurationPropertyValueException(property, null, property + " must be set");
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(property, value, reword(property, e.getMessage()));
        }
    }

    /** "maxTasksPerChild must be ..." for "mp.max-tasks-per-child" becomes "mp.max-tasks-per-child must be ...". */
    private static String reword(String property, String message) {
        String setting = camelCase(property.substring(property.lastIndexOf('.') + 1));
        if (message != null && message.startsWith(setting + " ")) {
            return property + message.substring(setting.length());
        }
        return property + ": " + message;
    }

    private static String camelCase(String kebab) {
        StringBuilder name = new StringBuilder(kebab.length());
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }
}
