package io.github.mp4j.process.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Children map the CDS archive at the address it was written for (no pointer rewriting at each
 * start), in a real JVM that writes the archive and then one that must map it; and a user's own
 * {@code -XX:ArchiveRelocationMode} wins over mp4j's. A JVM stops making its children write an
 * archive after a few of them exited without one.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClassDataSharingMappingTest {

    private static final String JAVA = Paths.get(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    @Test
    void anArchiveIsWrittenThenMappedWhereItWasWritten() throws Exception {
        List<String> classpath = List.of(emptyJar("mapping.jar").toString());
        List<String> flags = List.of("-XX:+UseSerialGC", "-Dmp4j.test.mapping=" + dir);
        ClassDataSharing writer = ClassDataSharing.forLaunch(JAVA, classpath, flags);
        assertThat(writer).as("no archive yet for a fresh key: this launch writes one").isNotNull();
        assertThat(writer.flags()).contains("-XX:ArchiveRelocationMode=0");
        Path archive = null;
        try {
            assertThat(run(classpath, flags, writer.flags()).exit()).isZero();
            writer.childExited();
            ClassDataSharing reader = ClassDataSharing.forLaunch(JAVA, classpath, flags);
            assertThat(reader).isNotNull();
            archive = archiveOf(reader.flags());
            assertThat(archive).as("the written archive was published").isRegularFile();
            List<String> mapping = new ArrayList<>(reader.flags());
            mapping.addAll(List.of("-Xshare:on", "-Xlog:cds=info"));
            Result mapped = run(classpath, flags, mapping);
            assertThat(mapped.exit()).as(mapped.output()).isZero();
            assertThat(mapped.output()).contains("dynamic").doesNotContain("ArchiveRelocationMode == 1");
        } finally {
            if (archive != null) {
                Files.deleteIfExists(archive);
            }
        }
    }

    @Test
    void aUsersRelocationModeIsKept() throws IOException {
        List<String> classpath = List.of(emptyJar("own.jar").toString());
        List<String> flags = List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=1");
        ClassDataSharing cds = ClassDataSharing.forLaunch(JAVA, classpath, flags);
        assertThat(cds).isNotNull();
        try {
            assertThat(cds.flags()).noneMatch(f -> f.startsWith("-XX:ArchiveRelocationMode"));
        } finally {
            cds.childExited();
        }
    }

    @Test
    void childrenThatWroteNoArchiveAreNotAskedForeverToWriteIt() throws IOException {
        List<String> classpath = List.of(emptyJar("killed.jar").toString());
        List<String> flags = List.of("-Dmp4j.test.killed=" + dir);
        for (int i = 0; i < ClassDataSharing.DUMP_ATTEMPTS; i++) {
            ClassDataSharing writer = ClassDataSharing.forLaunch(JAVA, classpath, flags);
            assertThat(writer).as("try " + (i + 1)).isNotNull();
            assertThat(writer.flags()).anyMatch(f -> f.startsWith("-XX:ArchiveClassesAtExit="));
            writer.childExited(); // as after a child killed before it could write the archive
        }
        assertThat(ClassDataSharing.forLaunch(JAVA, classpath, flags))
                .as("after " + ClassDataSharing.DUMP_ATTEMPTS + " children wrote nothing, the next starts plainly").isNull();
    }

    private Path emptyJar(String name) throws IOException {
        Path jar = dir.resolve(name);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }

    private static Path archiveOf(List<String> flags) {
        return flags.stream().filter(f -> f.startsWith("-XX:SharedArchiveFile="))
                .map(f -> Paths.get(f.substring("-XX:SharedArchiveFile=".length())))
                .findFirst().orElseThrow();
    }

    private record Result(int exit, String output) {
    }

    private static Result run(List<String> classpath, List<String> flags, List<String> cds) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(flags);
        command.addAll(cds);
        command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, classpath), "-version"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
