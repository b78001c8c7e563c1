package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.puppycrawl.tools.checkstyle.Checker;
import com.puppycrawl.tools.checkstyle.ConfigurationLoader;
import com.puppycrawl.tools.checkstyle.PropertiesExpander;
import com.puppycrawl.tools.checkstyle.api.AuditEvent;
import com.puppycrawl.tools.checkstyle.api.AuditListener;
import com.puppycrawl.tools.checkstyle.api.CheckstyleException;
import com.puppycrawl.tools.checkstyle.api.Configuration;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Shows that the build's layering rule bites: the very checkstyle configuration the build runs
 * ({@code config/checkstyle}) is run on small source files written for the test, each placed
 * where a real source of its package would be. A wrong import is reported as an ImportControl
 * violation, which fails {@code mvn verify}; a right one is not. The same goes for the rule that
 * mp-core's main code logs instead of printing to the console.
 */
class LayeringRuleTest {

    private static Configuration configuration;

    @TempDir
    Path sources;

    @BeforeAll
    static void loadTheBuildsConfiguration() throws CheckstyleException {
        Path dir = configDirectory();
        Properties properties = new Properties();
        properties.setProperty("config_loc", dir.toString());
        configuration = ConfigurationLoader.loadConfiguration(dir.resolve("checkstyle.xml").toString(),
                new PropertiesExpander(properties), ConfigurationLoader.IgnoredModulesOptions.OMIT);
    }

    @ParameterizedTest(name = "{0} may not import {1}")
    @CsvSource({
        // a concept's internal package is private to it
        "io.github.mp4j.queue.internal, io.github.mp4j.pool.internal.PoolImpl",
        "io.github.mp4j.process, io.github.mp4j.connection.internal.PipeEnd",
        "io.github.mp4j.pool.internal, io.github.mp4j.queue.internal.RemoteQueue",
        "io.github.mp4j.connection, io.github.mp4j.transport.internal.FrameRing",
        // the façade and the integration modules use public API only
        "io.github.mp4j, io.github.mp4j.pool.internal.PoolImpl",
        "io.github.mp4j.boot, io.github.mp4j.process.internal.ChildReaper",
        "io.github.mp4j.micrometer, io.github.mp4j.pool.internal.Counters",
        // dependencies point down only
        "io.github.mp4j.runtime, io.github.mp4j.transport.FramedChannel",
        "io.github.mp4j.queue, io.github.mp4j.process.ChildProcess",
        "io.github.mp4j.serial, io.github.mp4j.runtime.CurrentProcess",
        "io.github.mp4j.connection, io.github.mp4j.Mp",
        // the SPI sees only connection's vocabulary, not its classes
        "io.github.mp4j.transport, io.github.mp4j.connection.Listener",
        // mp-core knows no framework
        "io.github.mp4j.pool, org.springframework.context.ApplicationContext",
    })
    void aWrongImportFailsTheBuild(String pkg, String imported) throws Exception {
        assertThat(importViolations(pkg, imported)).singleElement().asString().contains(imported);
    }

    @ParameterizedTest(name = "{0} may import {1}")
    @CsvSource({
        "io.github.mp4j.queue, io.github.mp4j.queue.internal.RemoteQueue",
        "io.github.mp4j.queue.internal, io.github.mp4j.queue.ProcessQueue",
        "io.github.mp4j.queue.internal, io.github.mp4j.transport.FramedChannel",
        "io.github.mp4j.pool.internal, io.github.mp4j.process.ChildProcess",
        "io.github.mp4j.transport, io.github.mp4j.connection.ConnectionClosedException",
        "io.github.mp4j.transport.internal, io.github.mp4j.transport.FramedChannel",
        "io.github.mp4j.serial, io.github.mp4j.MpException",
        "io.github.mp4j.connection, io.github.mp4j.MpInterruptedException",
        "io.github.mp4j, io.github.mp4j.pool.ProcessPool",
        "io.github.mp4j.boot, io.github.mp4j.pool.ProcessPool",
        "io.github.mp4j.boot, org.springframework.context.ApplicationContext",
    })
    void aRightImportPasses(String pkg, String imported) throws Exception {
        assertThat(importViolations(pkg, imported)).isEmpty();
    }

    @Test
    void theRuleAlsoGovernsTests() throws Exception {
        Path file = write("src/test/java", "io.github.mp4j.queue", "io.github.mp4j.pool.internal.PoolImpl");

        assertThat(importViolations(file)).singleElement().asString().contains("io.github.mp4j.pool.internal.PoolImpl");
    }

    @Test
    void mpCoreMainCodeMayNotPrintToTheConsole() throws Exception {
        String print = "System.err.println(\"lost\");";

        assertThat(findings(writePrinting("mp-core/src/main/java", print))).singleElement().asString()
                .startsWith("RegexpSinglelineJava").contains("System.Logger");
        assertThat(findings(writePrinting("mp-core/src/main/java", "new Exception().printStackTrace();"))).hasSize(1);
        assertThat(findings(writePrinting("mp-core/src/test/java", print))).as("tests may print").isEmpty();
        assertThat(findings(writePrinting("mp-bench/src/main/java", print))).as("other modules may print").isEmpty();
    }

    private List<String> importViolations(String pkg, String imported) throws Exception {
        return importViolations(write("src/main/java", pkg, imported));
    }

    private Path writePrinting(String root, String statement) throws IOException {
        Path dir = sources.resolve(root).resolve("io/github/mp4j/queue/internal");
        Files.createDirectories(dir);
        String source = "package io.github.mp4j.queue.internal;\n\n"
                + "final class Printing {\n\n"
                + "    private Printing() {\n"
                + "    }\n\n"
                + "    static void report() {\n"
                + "        " + statement + "\n"
                + "    }\n"
                + "}\n";
        return Files.writeString(dir.resolve("Printing.java"), source);
    }

    /** A source file of {@code pkg} that imports {@code imported} and uses it. */
    private Path write(String root, String pkg, String imported) throws IOException {
        Path dir = sources.resolve(root).resolve(pkg.replace('.', File.separatorChar));
        Files.createDirectories(dir);
        String simpleName = imported.substring(imported.lastIndexOf('.') + 1);
        String source = "package " + pkg + ";\n\n"
                + "import " + imported + ";\n\n"
                + "final class Fixture {\n\n"
                + "    private Fixture() {\n"
                + "    }\n\n"
                + "    static Class<?> used() {\n"
                + "        return " + simpleName + ".class;\n"
                + "    }\n"
                + "}\n";
        return Files.writeString(dir.resolve("Fixture.java"), source);
    }

    private static List<String> importViolations(Path file) throws CheckstyleException {
        List<String> findings = findings(file);
        assertThat(findings).as("findings other than the layering's: the fixture itself is wrong")
                .allMatch(finding -> finding.startsWith("ImportControl"));
        return findings;
    }

    /** @return each finding as "CheckName: message" */
    private static List<String> findings(Path file) throws CheckstyleException {
        List<String> violations = new ArrayList<>();
        Checker checker = new Checker();
        checker.setModuleClassLoader(Checker.class.getClassLoader());
        checker.configure(configuration);
        checker.addListener(new Collector(violations));
        try {
            checker.process(List.of(file.toFile()));
        } finally {
            checker.destroy();
        }
        return violations;
    }

    private static Path configDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("config/checkstyle");
            if (Files.isRegularFile(candidate.resolve("import-control.xml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("config/checkstyle not found above " + Path.of("").toAbsolutePath());
    }

    /** Keeps every finding, named by its check (or by the id the configuration gives it). */
    private record Collector(List<String> violations) implements AuditListener {

        @Override
        public void addError(AuditEvent event) {
            String source = event.getSourceName();
            String check = source.substring(source.lastIndexOf('.') + 1).replaceFirst("Check$", "");
            violations.add(check + ": " + event.getMessage());
        }

        @Override
        public void addException(AuditEvent event, Throwable throwable) {
            throw new AssertionError("checkstyle failed on " + event.getFileName(), throwable);
        }

        @Override
        public void auditStarted(AuditEvent event) {
        }

        @Override
        public void auditFinished(AuditEvent event) {
        }

        @Override
        public void fileStarted(AuditEvent event) {
        }

        @Override
        public void fileFinished(AuditEvent event) {
        }
    }
}
