package io.github.mp4j.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.process.JvmOptions;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutableArchiveTests {

    @TempDir
    Path dir;

    @Test
    void aJarWithNestedBootInfIsAnExecutableArchive() throws IOException {
        Path fatJar = jar("app.jar", "BOOT-INF/classes/com/example/App.class");
        assertThat(ExecutableArchive.isExecutableArchive(fatJar.toString())).isTrue();
    }

    @Test
    void anUnpackedExecutableArchiveIsOneToo() throws IOException {
        Files.createDirectories(dir.resolve("BOOT-INF/classes"));
        assertThat(ExecutableArchive.isExecutableArchive(dir.toString())).isTrue();
    }

    @Test
    void plainClassPathsAreNot() throws IOException {
        Path plainJar = jar("lib.jar", "com/example/App.class");
        Path fatJar = jar("app.jar", "BOOT-INF/classes/com/example/App.class");
        assertThat(ExecutableArchive.isExecutableArchive(plainJar.toString())).isFalse();
        assertThat(ExecutableArchive.isExecutableArchive(dir.toString())).isFalse();
        assertThat(ExecutableArchive.isExecutableArchive(fatJar + File.pathSeparator + plainJar)).isFalse();
        assertThat(ExecutableArchive.isExecutableArchive(dir.resolve("missing.jar").toString())).isFalse();
        assertThat(ExecutableArchive.isExecutableArchive("")).isFalse();
    }

    @Test
    void workersFromAnExecutableArchiveStartThroughBootsLauncher() throws IOException {
        Path fatJar = jar("app.jar", "BOOT-INF/lib/mp-core.jar");
        JvmOptions jvm = PoolConfigMapper.toBuilder(new MpProperties(), fatJar.toString()).build().jvmOptions();
        assertThat(jvm.mainClass()).isEqualTo("org.springframework.boot.loader.launch.PropertiesLauncher");
        assertThat(jvm.jvmArgs()).containsExactly("-Dloader.main=" + JvmOptions.WORKER_MAIN_CLASS);
    }

    @Test
    void workersFromAPlainClassPathRunTheWorkerMainItself() {
        JvmOptions jvm = PoolConfigMapper.toBuilder(new MpProperties(), System.getProperty("java.class.path")).build().jvmOptions();
        assertThat(jvm.mainClass()).isEqualTo(JvmOptions.WORKER_MAIN_CLASS);
        assertThat(jvm.jvmArgs()).isEmpty();
    }

    private Path jar(String name, String entry) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            zip.putNextEntry(new JarEntry(entry));
            zip.closeEntry();
        }
        return jar;
    }
}
