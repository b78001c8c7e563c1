package io.github.mp4j.process.internal;

import io.github.mp4j.process.ExitCodes;
import io.github.mp4j.process.JvmOptions;
import io.github.mp4j.resource.RuntimeDirectory;
import io.github.mp4j.runtime.CurrentProcess;
import io.github.mp4j.runtime.ProcessInfo;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts a child as a fresh JVM on the parent's class path running {@link WorkerMain} (a JVM
 * cannot fork, so this is Python's {@code spawn}).
 */
public final class JvmLauncher {

    /**
     * After a child exits, how long its output may take to drain. A grandchild that inherited the
     * child's output can keep the pipe open forever; joining the child must not wait for it.
     */
    private static final long OUTPUT_DRAIN_SECONDS = 2;

    private static final List<String> DEFAULT_FLAGS = List.of("-XX:+UseSerialGC", "-XX:-UsePerfData");
    /**
     * From JDK 24 on, Kryo's use of {@code sun.misc.Unsafe} makes every worker print a deprecation
     * warning (JEP 498); the JDK's own switch keeps today's behaviour without it.
     */
    private static final List<String> JDK24_FLAGS = List.of("--sun-misc-unsafe-memory-access=allow");
    private static final int JDK24 = 24;
    /** The system property {@code SelectorProvider.provider()} reads before it searches the class path. */
    static final String SELECTOR_PROVIDER_PROPERTY = "java.nio.channels.spi.SelectorProvider";

    private JvmLauncher() {
    }

    /**
     * Starts a child JVM of this process.
     *
     * @param options how to start it
     * @param child who the child will be
     * @param target the serialized target it runs
     * @param outputPrefix put before each line the child prints, or {@code null} to copy its output as is
     * @return the started child
     * @throws IOException if the JVM cannot be started
     */
    public static Popen launch(JvmOptions options, ProcessInfo child, byte[] target, String outputPrefix) throws IOException {
        return launch(options, new Bootstrap(child, CurrentProcess.info(), CurrentProcess.authKey(), target), outputPrefix);
    }

    private static Popen launch(JvmOptions options, Bootstrap bootstrap, String outputPrefix) throws IOException {
        List<String> classpath = classpath(options);
        List<String> command = new ArrayList<>();
        String java = options.javaExecutable().toString();
        command.add(java);
        List<String> flags = flags(options, java);
        ClassDataSharing cds = null;
        AotCache.Training training = AotCache.Training.forLaunch();
        if (training != null) {
            command.addAll(training.flags());
        } else {
            command.addAll(flags);
            // a launcher main class (Spring Boot's) loads mp4j through its own class loader, which
            // the AOT cache does not cover and the training cannot start: the archive serves it
            if (options.classDataSharing() && AotCache.supports(java)
                    && options.mainClass().equals(JvmOptions.WORKER_MAIN_CLASS)) {
                command.addAll(AotCache.flagsForLaunch(java, classpath, flags, options.environment()));
            } else if (options.classDataSharing()) {
                cds = ClassDataSharing.forLaunch(java, classpath, flags);
                if (cds != null) {
                    command.addAll(cds.flags());
                }
            }
        }
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classpath));
        command.add(options.mainClass());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(options.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            afterExit(cds, training, java, classpath).run();
            throw e;
        }
        String name = bootstrap.child().name();
        CompletableFuture<Void> out = OutputRelay.start(process.getInputStream(), false, outputPrefix, "mp4j-stdout-" + name);
        CompletableFuture<Void> err = OutputRelay.start(process.getErrorStream(), true, outputPrefix, "mp4j-stderr-" + name);
        OutputStream stdin = process.getOutputStream();
        try {
            bootstrap.write(new DataOutputStream(new BufferedOutputStream(stdin, 1 << 16)));
        } catch (IOException e) {
            process.toHandle().destroyForcibly();
            throw new IOException("the child JVM exited before it could read its bootstrap"
                    + " (see its output above for why): " + e.getMessage(), e);
        }
        return new JvmPopen(process, stdin, CompletableFuture.allOf(out, err), afterExit(cds, training, java, classpath));
    }

    /** The flags of every child started with these options: the key of its archive or cache too. */
    static List<String> flags(JvmOptions options, String java) {
        List<String> flags = new ArrayList<>(JvmFlags.opens());
        if (AotCache.featureVersion(java) >= JDK24) {
            flags.addAll(JDK24_FLAGS);
        }
        if (options.jvmArgs().stream().noneMatch(a -> a.matches("-XX:\\+Use\\w*GC"))) {
            flags.addAll(DEFAULT_FLAGS);
        }
        if (options.maxHeap() != null) {
            flags.add("-Xmx" + options.maxHeap());
        }
        flags.addAll(options.jvmArgs());
        flags.addAll(selectorProviderFlag(options));
        // a child must find what its parent put there: handles and segments are looked up by name
        for (String property : List.of(RuntimeDirectory.DIRECTORY_PROPERTY, RuntimeDirectory.SHARED_MEMORY_PROPERTY)) {
            String dir = System.getProperty(property);
            if (dir != null) {
                flags.add("-D" + property + "=" + dir);
            }
        }
        return flags;
    }

    /**
     * Names, for the child, the socket provider this JVM found. Without it, the child's first
     * socket makes {@code SelectorProvider.provider()} look for a provider service on the class
     * path, which opens and indexes every jar of it: the JVM loads its classes from the class-data
     * archive and would otherwise never open them. With a large class path (a fat jar of 19k
     * entries, as mp-bench's) that search was about 25 ms of a manager's CPU before its first
     * answer, and the same in every pool worker. Only where nothing can differ: the child runs on
     * this JVM's JDK and class path, and this JVM found the JDK's own provider (no service of the
     * class path replaced it); a provider named in {@code JvmOptions.jvmArgs} wins.
     */
    private static List<String> selectorProviderFlag(JvmOptions options) {
        boolean named = options.jvmArgs().stream().anyMatch(a -> a.startsWith("-D" + SELECTOR_PROVIDER_PROPERTY + "="));
        if (named || !options.extraClasspath().isEmpty() || !sameJdk(options.javaExecutable())) {
            return List.of();
        }
        String provider = SelectorProvider.provider().getClass().getName();
        if (!provider.startsWith("sun.nio.ch.")) {
            return List.of();
        }
        return List.of("-D" + SELECTOR_PROVIDER_PROPERTY + "=" + provider);
    }

    private static boolean sameJdk(Path java) {
        try {
            Path home = Paths.get(System.getProperty("java.home"), "bin", "java");
            return java.toRealPath().equals(home.toRealPath());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** What must happen once the child exited: publishing the archive or cache it wrote, if it wrote one. */
    private static Runnable afterExit(ClassDataSharing cds, AotCache.Training training, String java, List<String> classpath) {
        if (cds != null) {
            return cds::childExited;
        }
        if (training != null) {
            return () -> training.childExited(java, classpath);
        }
        return () -> { };
    }

    private static List<String> classpath(JvmOptions options) {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(new File(entry).getAbsolutePath());
            }
        }
        options.extraClasspath().forEach(p -> entries.add(p.toString()));
        return entries;
    }

    private static final class JvmPopen implements Popen {
        private final Process process;
        private final OutputStream stdin;
        private final CompletableFuture<Integer> exit;

        JvmPopen(Process process, OutputStream stdin, CompletableFuture<Void> outputDone, Runnable afterExit) {
            this.process = process;
            this.stdin = stdin;
            this.exit = process.onExit().thenCompose(p -> outputDone
                    .completeOnTimeout(null, OUTPUT_DRAIN_SECONDS, TimeUnit.SECONDS)
                    .thenApply(ignored -> {
                        afterExit.run();
                        return ExitCodes.fromStatus(p.exitValue());
                    }));
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public CompletableFuture<Integer> onExit() {
            return exit;
        }

        /** Signals through the process handle: {@code Process.destroy} would also close the child's pipes first. */
        @Override
        public void terminate() {
            process.toHandle().destroy();
        }

        @Override
        public void kill() {
            process.toHandle().destroyForcibly();
        }

        @Override
        public void close() {
            try {
                stdin.close();
            } catch (IOException e) {
                // the child has exited; nothing is left to release
            }
        }
    }
}
