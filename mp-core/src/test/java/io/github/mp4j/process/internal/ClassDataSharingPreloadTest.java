package io.github.mp4j.process.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the child that writes the CDS archive or AOT cache loads: all of mp-core and Kryo, and
 * nothing else that shares their jar (a shaded application jar holds Spring, Hazelcast, ...; loading
 * those made a 100 MB archive that tripled every child's start-up).
 */
class ClassDataSharingPreloadTest {

    @Test
    void everyClassOfMpCoreIsPreloaded() throws IOException, URISyntaxException {
        Path classes = Path.of(ClassDataSharing.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> missed;
        try (Stream<Path> files = Files.walk(classes)) {
            missed = files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString().replace('\\', '/'))
                    .filter(name -> !name.contains("-"))
                    .filter(name -> !ClassDataSharing.preloaded(name))
                    .collect(Collectors.toList());
        }
        assertThat(missed).as("mp-core classes a new package must add to ClassDataSharing.PRELOADED").isEmpty();
        assertThat(ClassDataSharing.preloaded("com/esotericsoftware/kryo/Kryo.class")).isTrue();
        assertThat(ClassDataSharing.preloaded("org/objenesis/Objenesis.class")).isTrue();
    }

    @Test
    void whatElseSharesAShadedJarIsNot() {
        assertThat(ClassDataSharing.preloaded("io/github/mp4j/boot/MpAutoConfiguration.class")).isFalse();
        assertThat(ClassDataSharing.preloaded("io/github/mp4j/hazelcast/ClusterPool.class")).isFalse();
        assertThat(ClassDataSharing.preloaded("io/github/mp4j/bench/Main.class")).isFalse();
        assertThat(ClassDataSharing.preloaded("com/hazelcast/core/Hazelcast.class")).isFalse();
        assertThat(ClassDataSharing.preloaded("org/springframework/batch/core/Job.class")).isFalse();
        assertThat(ClassDataSharing.preloaded("META-INF/versions/9/module-info.class")).isFalse();
        assertThat(ClassDataSharing.preloaded("io/github/mp4j/pool/ProcessPool.java")).isFalse();
    }
}
