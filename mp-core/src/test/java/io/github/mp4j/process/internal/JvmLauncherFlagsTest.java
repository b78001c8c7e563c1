package io.github.mp4j.process.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.process.JvmOptions;
import io.github.mp4j.resource.RuntimeDirectory;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM is started with the directories its parent was told to use: handles to queues,
 * pipes and shared memory are looked up by name there, so a child looking elsewhere finds nothing.
 */
class JvmLauncherFlagsTest {

    @Test
    void aChildGetsTheRuntimeAndSharedMemoryDirectoriesItsParentWasGiven(@TempDir Path dir) {
        String java = JvmOptions.builder().build().javaExecutable().toString();
        String previousRuntime = System.getProperty(RuntimeDirectory.DIRECTORY_PROPERTY);
        String previousShm = System.getProperty(RuntimeDirectory.SHARED_MEMORY_PROPERTY);
        try {
            System.setProperty(RuntimeDirectory.SHARED_MEMORY_PROPERTY, dir.resolve("shm").toString());
            System.setProperty(RuntimeDirectory.DIRECTORY_PROPERTY, dir.resolve("run").toString());
            assertThat(JvmLauncher.flags(JvmOptions.builder().build(), java))
                    .contains("-D" + RuntimeDirectory.SHARED_MEMORY_PROPERTY + "=" + dir.resolve("shm"),
                            "-D" + RuntimeDirectory.DIRECTORY_PROPERTY + "=" + dir.resolve("run"));
        } finally {
            restore(RuntimeDirectory.DIRECTORY_PROPERTY, previousRuntime);
            restore(RuntimeDirectory.SHARED_MEMORY_PROPERTY, previousShm);
        }
        assertThat(JvmLauncher.flags(JvmOptions.builder().build(), java))
                .noneMatch(flag -> flag.startsWith("-D" + RuntimeDirectory.SHARED_MEMORY_PROPERTY + "=") && previousShm == null);
    }

    @Test
    void aChildIsToldWhichSocketProviderItsParentFoundSoThatItDoesNotSearchTheClassPathForOne() {
        String java = JvmOptions.builder().build().javaExecutable().toString();
        String named = "-D" + JvmLauncher.SELECTOR_PROVIDER_PROPERTY + "="
                + SelectorProvider.provider().getClass().getName();

        assertThat(JvmLauncher.flags(JvmOptions.builder().build(), java)).contains(named);
        assertThat(JvmLauncher.flags(JvmOptions.builder().jvmArg("-D" + JvmLauncher.SELECTOR_PROVIDER_PROPERTY
                + "=com.example.Provider").build(), java))
                .as("the user's choice wins").doesNotContain(named)
                .contains("-D" + JvmLauncher.SELECTOR_PROVIDER_PROPERTY + "=com.example.Provider");
        assertThat(JvmLauncher.flags(JvmOptions.builder().extraClasspath(Path.of("extra.jar")).build(), java))
                .as("a class path the parent has not searched may hold a provider").doesNotContain(named);
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
