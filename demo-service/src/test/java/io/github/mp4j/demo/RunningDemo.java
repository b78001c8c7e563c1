package io.github.mp4j.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestExecutionListeners;

/**
 * The demo in service mode on a random port, with two real worker JVMs. Each test class gets an
 * application of its own, closed when the class is done; then every worker JVM must exit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"demo.mode=service", "mp.processes=2", "mp.retries=1"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestExecutionListeners(listeners = WorkersExitWithTheDemo.class, mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
abstract class RunningDemo {

    /** {@code demo.work-dir}: where the csv-sales job writes its data sets. */
    static final Path WORK_DIR = createWorkDir();

    @Value("${local.server.port}")
    int port;

    DemoClient demo;

    @DynamicPropertySource
    static void workDir(DynamicPropertyRegistry registry) {
        registry.add("demo.work-dir", WORK_DIR::toString);
    }

    @BeforeEach
    void connect() {
        demo = new DemoClient(port);
    }

    @AfterAll
    static void deleteWorkDir() throws IOException {
        if (!Files.exists(WORK_DIR)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(WORK_DIR)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static Path createWorkDir() {
        try {
            return Files.createTempDirectory("mp4j-demo-test");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a work directory", e);
        }
    }
}
