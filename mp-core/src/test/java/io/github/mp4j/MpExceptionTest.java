package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.serial.RemoteException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One root for mp4j's own exceptions: a user catches {@link MpException} and has them all. */
class MpExceptionTest {

    @Test
    void everyExceptionOfMpCoreIsAnUncheckedMpException() throws IOException, URISyntaxException {
        Path classes = Path.of(MpException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> exceptions;
        try (Stream<Path> files = Files.walk(classes)) {
            exceptions = files.map(classes::relativize).map(Path::toString)
                    .filter(name -> name.endsWith("Exception.class"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .map(MpExceptionTest::load).toList();
        }
        assertThat(exceptions).as("mp-core's exception classes").hasSizeGreaterThan(10);
        assertThat(exceptions).filteredOn(type -> type != RemoteException.class)
                .allSatisfy(type -> assertThat(MpException.class).as(type.getName()).isAssignableFrom(type));
        assertThat(RuntimeException.class).isAssignableFrom(MpException.class);
    }

    @Test
    void aRemoteStandInIsTheUsersExceptionNotMp4jsOwn() {
        RemoteException standIn = RemoteException.of(new IllegalStateException("the task's own failure"));
        assertThat(standIn).isNotInstanceOf(MpException.class);
        assertThat(standIn.remoteClassName()).isEqualTo(IllegalStateException.class.getName());
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, MpExceptionTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(name, e);
        }
    }
}
