package io.github.mp4j.boot;

import io.github.mp4j.process.JvmOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;

/**
 * Lets worker JVMs load the application's classes when it runs from a Spring Boot executable
 * archive ({@code java -jar app.jar}, or an unpacked one started with its launcher).
 *
 * <p>Worker JVMs are started on the parent's class path. An executable archive's class path is the
 * archive alone: the application's classes and libraries ({@code BOOT-INF/classes},
 * {@code BOOT-INF/lib}) are nested in it and only Boot's loader can read them. So a worker starts
 * Boot's {@code PropertiesLauncher}, which builds that class loader and then runs
 * {@link JvmOptions#WORKER_MAIN_CLASS}, named by {@code -Dloader.main}. Any other class path (an
 * IDE, {@code mvn spring-boot:run}, tests, an extracted jar whose manifest lists its libraries)
 * works as it is.
 */
final class ExecutableArchive {

    /** Boot's launcher that runs the class named by {@code loader.main} (module spring-boot-loader). */
    static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private static final String NESTED_ROOT = "BOOT-INF/";

    private ExecutableArchive() {
    }

    /**
     * @param classPath a JVM's class path ({@code java.class.path})
     * @return whether it is a single Spring Boot executable archive, packed or unpacked
     */
    static boolean isExecutableArchive(String classPath) {
        if (classPath == null || classPath.isEmpty() || classPath.contains(File.pathSeparator)) {
            return false;
        }
        Path entry = Path.of(classPath);
        if (Files.isDirectory(entry)) {
            return Files.isDirectory(entry.resolve(NESTED_ROOT + "classes"));
        }
        if (!Files.isRegularFile(entry)) {
            return false;
        }
        try (JarFile jar = new JarFile(entry.toFile(), false)) {
            return jar.stream().anyMatch(e -> e.getName().startsWith(NESTED_ROOT));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Starts workers through Boot's launcher when {@code classPath} is an executable archive.
     *
     * @param options the worker JVM options so far
     * @param classPath the class path worker JVMs inherit
     */
    static void launchWorkersFrom(String classPath, JvmOptions.Builder options) {
        if (isExecutableArchive(classPath)) {
            options.mainClass(PROPERTIES_LAUNCHER).jvmArg("-Dloader.main=" + JvmOptions.WORKER_MAIN_CLASS);
        }
    }
}
