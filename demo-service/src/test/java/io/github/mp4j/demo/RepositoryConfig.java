package io.github.mp4j.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's {@code config/} directory, which the build passes to the tests. */
final class RepositoryConfig {

    private RepositoryConfig() {
    }

    static Path file(String relative) {
        String dir = System.getProperty("demo.config.dir");
        Path config = dir != null ? Path.of(dir) : Path.of("..", "config");
        Path file = config.resolve(relative);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(file.toAbsolutePath() + " is missing (demo.config.dir=" + dir + ")");
        }
        return file;
    }
}
