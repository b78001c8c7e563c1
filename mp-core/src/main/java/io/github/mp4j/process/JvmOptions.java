package io.github.mp4j.process;

import io.github.mp4j.process.internal.JvmFlags;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How child JVMs are started. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * JvmOptions options = JvmOptions.builder().maxHeap("512m").jvmArg("-XX:+UseParallelGC").build();
 * }</pre>
 *
 * <p>Every child also gets mp4j's own flags: the {@code --add-opens} list Kryo needs,
 * {@code -XX:+UseSerialGC} and {@code -XX:-UsePerfData} unless {@link #jvmArgs()} picks another
 * collector, and, when the class path is made of jars only, a class-data-sharing archive that
 * mp4j creates once per class path and reuses (about a third off every start).
 */
public final class JvmOptions {

    /** The class every child JVM runs, unless a launcher that starts it is set as {@link #mainClass()}. */
    public static final String WORKER_MAIN_CLASS = "io.github.mp4j.process.ChildMain";

    /**
     * @return the {@code --add-opens} flags every mp4j JVM needs (Kryo reads JDK classes' fields);
     *     add them to a JVM you start yourself that runs mp4j, such as a test's {@code java -jar}
     */
    public static List<String> requiredJvmFlags() {
        return JvmFlags.opens();
    }

    /** The default: the JVM running this process, no extra arguments, its default heap. */
    public static final JvmOptions DEFAULT = builder().build();

    private final Path javaExecutable;
    private final List<String> jvmArgs;
    private final String maxHeap;
    private final List<Path> extraClasspath;
    private final Map<String, String> environment;
    private final boolean classDataSharing;
    private final String mainClass;

    private JvmOptions(Builder builder) {
        this.javaExecutable = builder.javaExecutable;
        this.jvmArgs = List.copyOf(builder.jvmArgs);
        this.maxHeap = builder.maxHeap;
        this.extraClasspath = List.copyOf(builder.extraClasspath);
        this.environment = Map.copyOf(builder.environment);
        this.classDataSharing = builder.classDataSharing;
        this.mainClass = builder.mainClass;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from these options */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.javaExecutable = javaExecutable;
        builder.jvmArgs.addAll(jvmArgs);
        builder.maxHeap = maxHeap;
        builder.extraClasspath.addAll(extraClasspath);
        builder.environment.putAll(environment);
        builder.classDataSharing = classDataSharing;
        builder.mainClass = mainClass;
        return builder;
    }

    /** @return the {@code java} launcher; by default the one of the running JVM */
    public Path javaExecutable() {
        return javaExecutable;
    }

    /** @return extra JVM arguments, placed after mp4j's own so they win */
    public List<String> jvmArgs() {
        return jvmArgs;
    }

    /** @return the {@code -Xmx} value, such as {@code 512m}, or {@code null} for the JVM's default */
    public String maxHeap() {
        return maxHeap;
    }

    /** @return class path entries added after the parent's class path */
    public List<Path> extraClasspath() {
        return extraClasspath;
    }

    /** @return environment variables set for the child on top of the parent's environment */
    public Map<String, String> environment() {
        return environment;
    }

    /** @return whether mp4j may create and use a class-data-sharing archive for faster starts */
    public boolean classDataSharing() {
        return classDataSharing;
    }

    /**
     * @return the main class of the child JVM: {@link #WORKER_MAIN_CLASS}, or a launcher that
     *     sets up a class loader and then runs it (such as Spring Boot's {@code PropertiesLauncher}
     *     with {@code -Dloader.main=} {@link #WORKER_MAIN_CLASS} for an executable jar)
     */
    public String mainClass() {
        return mainClass;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JvmOptions other && javaExecutable.equals(other.javaExecutable)
                && jvmArgs.equals(other.jvmArgs) && Objects.equals(maxHeap, other.maxHeap)
                && extraClasspath.equals(other.extraClasspath) && environment.equals(other.environment)
                && classDataSharing == other.classDataSharing && mainClass.equals(other.mainClass);
    }

    @Override
    public int hashCode() {
        return Objects.hash(javaExecutable, jvmArgs, maxHeap, extraClasspath, environment, classDataSharing, mainClass);
    }

    @Override
    public String toString() {
        return "JvmOptions[java=" + javaExecutable + ", jvmArgs=" + jvmArgs + ", maxHeap=" + maxHeap
                + ", extraClasspath=" + extraClasspath + ", environment=" + environment.keySet()
                + ", classDataSharing=" + classDataSharing + ", mainClass=" + mainClass + "]";
    }

    /** Builds {@link JvmOptions}; each setter validates at once. */
    public static final class Builder {
        private Path javaExecutable = Paths.get(System.getProperty("java.home"), "bin", "java");
        private final List<String> jvmArgs = new ArrayList<>();
        private String maxHeap;
        private final List<Path> extraClasspath = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private boolean classDataSharing = true;
        private String mainClass = WORKER_MAIN_CLASS;

        private Builder() {
        }

        /**
         * @param java path of the {@code java} launcher to use
         * @return this builder
         */
        public Builder javaExecutable(Path java) {
            this.javaExecutable = Objects.requireNonNull(java, "javaExecutable");
            return this;
        }

        /**
         * @param arg one JVM argument, such as {@code -Dkey=value}
         * @return this builder
         */
        public Builder jvmArg(String arg) {
            if (arg == null || arg.isBlank()) {
                throw new IllegalArgumentException("a JVM argument must not be blank");
            }
            if (arg.toLowerCase(java.util.Locale.ROOT).contains("authkey")) {
                throw new IllegalArgumentException("auth keys must never be put on a command line; mp4j passes"
                        + " the key to children over their standard input");
            }
            jvmArgs.add(arg);
            return this;
        }

        /**
         * @param args JVM arguments
         * @return this builder
         */
        public Builder jvmArgs(List<String> args) {
            args.forEach(this::jvmArg);
            return this;
        }

        /**
         * @param size an {@code -Xmx} value such as {@code 256m} or {@code 2g}
         * @return this builder
         */
        public Builder maxHeap(String size) {
            if (size != null && !size.matches("\\d+[kKmMgG]?")) {
                throw new IllegalArgumentException("maxHeap must look like 512m or 2g, was '" + size + "'");
            }
            this.maxHeap = size;
            return this;
        }

        /**
         * @param entry a jar or directory to add to the child's class path
         * @return this builder
         */
        public Builder extraClasspath(Path entry) {
            extraClasspath.add(Objects.requireNonNull(entry, "extraClasspath entry"));
            return this;
        }

        /**
         * @param name variable name
         * @param value its value
         * @return this builder
         */
        public Builder environment(String name, String value) {
            environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param enabled whether mp4j may create and use a class-data-sharing archive
         * @return this builder
         */
        public Builder classDataSharing(boolean enabled) {
            this.classDataSharing = enabled;
            return this;
        }

        /**
         * @param className the child's main class; it must end up running {@link #WORKER_MAIN_CLASS}
         *     with the same standard input
         * @return this builder
         */
        public Builder mainClass(String className) {
            if (className == null || className.isBlank()) {
                throw new IllegalArgumentException("mainClass must not be blank");
            }
            this.mainClass = className;
            return this;
        }

        /** @return the options */
        public JvmOptions build() {
            return new JvmOptions(this);
        }
    }
}
