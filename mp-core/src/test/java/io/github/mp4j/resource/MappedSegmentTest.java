package io.github.mp4j.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** A mapped file two mappings share: private to the user, opened only by its own kind of name, unmapped on close. */
class MappedSegmentTest {

    private static final int SIZE = 64 << 10;

    @Test
    void aSegmentCreatedHereIsPrivateAndAnotherMappingOfItSeesItsBytes() throws IOException {
        try (MappedSegment created = MappedSegment.create("test", SIZE)) {
            Path file = RuntimeDirectory.sharedMemory().resolve(created.name());
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(RuntimeDirectory.sharedMemory()))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(created.name()).startsWith(ProcessHandle.current().pid() + "-").endsWith(".test");

            try (MappedSegment opened = MappedSegment.open(created.name(), "test", SIZE)) {
                opened.unlink();
                assertThat(file).as("unlinked once both have it mapped").doesNotExist();
                assertThat(created.enter()).isTrue();
                created.setLongRelease(64, 42);
                created.put(SIZE - 3, ByteBuffer.wrap(new byte[] {7, 8, 9}), 3);
                created.exit();

                assertThat(opened.enter()).isTrue();
                assertThat(opened.getLongAcquire(64)).isEqualTo(42);
                byte[] tail = new byte[3];
                opened.get(SIZE - 3, tail, 0, 3);
                assertThat(tail).containsExactly(7, 8, 9);
                opened.exit();
            }
        }
    }

    @Test
    void closingRemovesTheFileOfItsCreatorAndRefusesLaterAccessOnceTheLastAccessEnds() throws IOException {
        MappedSegment segment = MappedSegment.create("test", SIZE);
        Path file = RuntimeDirectory.sharedMemory().resolve(segment.name());
        assertThat(segment.enter()).isTrue();

        segment.close();

        assertThat(file).doesNotExist();
        assertThat(segment.enter()).as("a closed segment").isFalse();
        assertThat(segment.getLongAcquire(0)).as("an access in progress still reads the mapping").isZero();
        segment.exit();
        segment.close();
    }

    @Test
    void onlyAFileOfTheRightNameAndSizeInTheDirectoryIsOpened() throws IOException {
        try (MappedSegment segment = MappedSegment.create("test", SIZE)) {
            assertThatThrownBy(() -> MappedSegment.open("../" + segment.name(), "test", SIZE))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> MappedSegment.open(segment.name(), "other", SIZE))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> MappedSegment.open(segment.name(), "test", 2 * SIZE)).isInstanceOf(IOException.class);

            Path link = RuntimeDirectory.sharedMemory().resolve(ProcessHandle.current().pid() + "-0-link.test");
            Files.createSymbolicLink(link, RuntimeDirectory.sharedMemory().resolve(segment.name()));
            try {
                assertThatThrownBy(() -> MappedSegment.open(link.getFileName().toString(), "test", SIZE))
                        .as("a symbolic link").isInstanceOf(IOException.class);
            } finally {
                Files.delete(link);
            }
        }
    }

    @Test
    void lockWordsGoThroughUnsafeWhereTheJdkAllowsItWithoutAWarning() throws IOException {
        boolean allowed = Runtime.version().feature() < 24
                || "allow".equals(System.getProperty("sun.misc.unsafe.memory.access"));
        assertThat(RawMemory.INSTANCE != null).as("the Unsafe path (src/main/unsafe) is loaded").isEqualTo(allowed);
        try (MappedSegment segment = MappedSegment.create("test", SIZE)) {
            segment.setIntVolatile(64, 7);
            assertThat(segment.compareAndSetInt(64, 7, 9)).isTrue();
            assertThat(segment.compareAndSetInt(64, 7, 11)).isFalse();
            assertThat(segment.getAndAddLong(128, 5)).isZero();
            assertThat(segment.getLongVolatile(128)).isEqualTo(5);
            assertThat(segment.getIntVolatile(64)).isEqualTo(9);
            assertThatThrownBy(() -> segment.getIntVolatile(SIZE - 2)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
