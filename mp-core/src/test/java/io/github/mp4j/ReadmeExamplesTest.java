package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's self-contained {@code mp-core} examples, compiled and run as written, the way a new
 * user meets them: each code block is pasted unchanged into the body of a {@code main} method
 * (with the imports an IDE would add), compiled with the JDK's compiler, and run in a fresh JVM
 * started with a plain {@code java -cp}, without mp4j's JVM flags. What the example prints must be
 * exactly what the README's comments say it prints, and it must exit 0.
 *
 * <p>The blocks are found by their section heading and first line, so that a changed example
 * fails here ("update this test") instead of being skipped.
 */
@Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReadmeExamplesTest {

    private static final Path README = Path.of("..", "README.md");
    private static final long RUN_SECONDS = 180;
    private static final String IMPORTS = """
            import io.github.mp4j.*;
            import io.github.mp4j.manager.*;
            import io.github.mp4j.pool.*;
            import io.github.mp4j.process.*;
            import io.github.mp4j.queue.*;
            import io.github.mp4j.shared.*;
            import io.github.mp4j.sync.*;
            import java.nio.*;
            import java.util.*;
            """;

    static Stream<Arguments> examples() {
        return Stream.of(
                arguments("## Quick start", "ProcessQueue<Object> q = Mp.queue();", List.of("[42, hello]")),
                arguments("## Shared memory", "try (SharedMemory shm = Mp.sharedMemory(\"frames\"", List.of("42")),
                arguments("## Locks and shared values", "IntValue counter = Mp.value(0);", List.of("1")),
                arguments("## Managers", "try (Manager manager = Mp.manager();", List.of("{a=2, b=1}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void runsAsWritten(String section, String firstLine, List<String> printed, @TempDir Path dir) throws Exception {
        String block = javaBlock(Files.readAllLines(README, StandardCharsets.UTF_8), section, firstLine);
        Path source = dir.resolve("Example.java");
        Files.writeString(source, IMPORTS + "public class Example {\n    public static void main(String[] args) throws Exception {\n"
                + block + "\n    }\n}\n");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String classPath = classes + File.pathSeparator + System.getProperty("java.class.path");

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null,
                List.of("-d", classes.toString(), "-cp", classPath, "-proc:none", "-Xlint:none"), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(source)).call();
        assertThat(compiled).as("the %s example compiles as written:%n%s", section, diagnostics).isTrue();

        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        Process example = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, "Example")
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            boolean exited = example.waitFor(RUN_SECONDS, TimeUnit.SECONDS);
            assertThat(exited).as("the %s example exits within %d s; stderr:%n%s", section, RUN_SECONDS, read(stderr)).isTrue();
            assertThat(example.exitValue()).as("exit code of the %s example; stderr:%n%s", section, read(stderr)).isZero();
            assertThat(Files.readAllLines(stdout, StandardCharsets.UTF_8))
                    .as("what the %s example prints; stderr:%n%s", section, read(stderr))
                    .isEqualTo(printed);
        } finally {
            example.descendants().forEach(ProcessHandle::destroyForcibly);
            example.destroyForcibly();
            example.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The lines of the first {@code java} block after {@code section} that starts with {@code firstLine}. */
    private static String javaBlock(List<String> readme, String section, String firstLine) {
        int at = readme.indexOf(section);
        assertThat(at).as("README section %s (update ReadmeExamplesTest if it moved)", section).isNotNegative();
        for (int i = at + 1; i < readme.size() && !readme.get(i).startsWith("## "); i++) {
            if (readme.get(i).equals("```java") && i + 1 < readme.size() && readme.get(i + 1).startsWith(firstLine)) {
                List<String> block = new ArrayList<>();
                for (int j = i + 1; !readme.get(j).equals("```"); j++) {
                    block.add(readme.get(j));
                }
                return String.join("\n", block);
            }
        }
        throw new AssertionError("no java block starting with '" + firstLine + "' in README section " + section
                + ": the example changed; update ReadmeExamplesTest to run the new one");
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
