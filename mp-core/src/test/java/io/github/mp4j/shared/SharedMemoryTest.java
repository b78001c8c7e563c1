package io.github.mp4j.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.resource.RuntimeDirectory;
import io.github.mp4j.serial.ObjectCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One process's view of shared memory: names, access, views, errors, lifetime, and what travels. */
class SharedMemoryTest {

    private static final long GIB = 1L << 30;

    @Test
    void aCreatedSegmentIsPrivateZeroFilledAndAnotherHandleSeesEveryTypedStore() {
        String name = uniqueName();
        try (SharedMemory created = SharedMemory.create(name, 4096);
             SharedMemory attached = SharedMemory.attach(name)) {
            assertThat(permissions(file(name))).isEqualTo("rw-------");
            assertThat(permissions(RuntimeDirectory.sharedMemory())).isEqualTo("rwx------");
            assertThat(attached.size()).isEqualTo(4096);
            assertThat(attached.isCreator()).isFalse();
            assertThat(attached.getLong(4088)).as("zero-filled").isZero();

            created.putByte(1, (byte) -7);
            created.putShort(3, (short) 1234);
            created.putInt(5, 0x12345678);
            created.putLong(9, Long.MIN_VALUE + 3);
            created.putFloat(17, 1.5f);
            created.putDouble(21, Math.PI);

            assertThat(attached.getByte(1)).isEqualTo((byte) -7);
            assertThat(attached.getShort(3)).isEqualTo((short) 1234);
            assertThat(attached.getInt(5)).isEqualTo(0x12345678);
            assertThat(attached.getLong(9)).isEqualTo(Long.MIN_VALUE + 3);
            assertThat(attached.getFloat(17)).isEqualTo(1.5f);
            assertThat(attached.getDouble(21)).isEqualTo(Math.PI);
            assertThat(attached.buffer().order()).isEqualTo(ByteOrder.nativeOrder());
            assertThat(attached.buffer().getInt(5)).as("the view is the same memory, in native order").isEqualTo(0x12345678);
        }
    }

    @Test
    void orderedAndAtomicAccessesWorkAtAlignedOffsetsAndRefuseOthers() {
        try (SharedMemory shm = SharedMemory.create(64)) {
            shm.putIntRelease(4, 5);
            assertThat(shm.getIntAcquire(4)).isEqualTo(5);
            assertThat(shm.compareAndSetInt(4, 5, 6)).isTrue();
            assertThat(shm.compareAndSetInt(4, 5, 7)).isFalse();
            assertThat(shm.getAndAddInt(4, 10)).isEqualTo(6);
            assertThat(shm.getIntVolatile(4)).isEqualTo(16);
            shm.putLongVolatile(8, 1L << 40);
            assertThat(shm.getAndAddLong(8, 1)).isEqualTo(1L << 40);
            assertThat(shm.compareAndSetLong(8, (1L << 40) + 1, -1)).isTrue();
            assertThat(shm.getLongAcquire(8)).isEqualTo(-1);
            shm.putLongRelease(56, 3);
            assertThat(shm.getLongVolatile(56)).isEqualTo(3);

            assertThatThrownBy(() -> shm.compareAndSetLong(12, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("offset 12 is not a multiple of 8");
            assertThatThrownBy(() -> shm.getIntAcquire(2)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> shm.getLong(57)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> shm.getByte(-1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> shm.put(60, new byte[8], 0, 8)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void bulkCopiesMoveArraysAndBuffersBothWays() {
        try (SharedMemory shm = SharedMemory.create(1 << 16)) {
            shm.put(3, new byte[] {1, 2, 3, 4}, 1, 2);
            byte[] bytes = new byte[4];
            shm.get(2, bytes, 0, 4);
            assertThat(bytes).containsExactly(0, 2, 3, 0);

            double[] doubles = {1.25, -2.5, 1e300};
            shm.put(101, doubles, 0, 3);
            double[] backDoubles = new double[3];
            shm.get(101, backDoubles, 0, 3);
            assertThat(backDoubles).containsExactly(doubles);
            assertThat(shm.getDouble(109)).isEqualTo(-2.5);

            long[] longs = {Long.MAX_VALUE, 7};
            shm.put(200, longs, 0, 2);
            assertThat(shm.getLong(208)).isEqualTo(7);
            int[] ints = new int[2];
            shm.put(300, new int[] {9, 8, 7}, 1, 2);
            shm.get(300, ints, 0, 2);
            assertThat(ints).containsExactly(8, 7);
            short[] shorts = new short[1];
            shm.putShort(400, (short) -2);
            shm.get(400, shorts, 0, 1);
            assertThat(shorts).containsExactly((short) -2);
            float[] floats = new float[1];
            shm.put(500, new float[] {0.5f}, 0, 1);
            shm.get(500, floats, 0, 1);
            assertThat(floats).containsExactly(0.5f);

            shm.put(1000, ByteBuffer.wrap(new byte[] {5, 6, 7}));
            ByteBuffer target = ByteBuffer.allocateDirect(3);
            shm.get(1000, target);
            assertThat(target.position()).isEqualTo(3);
            assertThat(target.get(2)).isEqualTo((byte) 7);
        }
    }

    @Test
    void namesAreCheckedAndMistakesNameWhatWasExpectedAndFound() throws IOException {
        assertThatThrownBy(() -> SharedMemory.create("a/b", 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no '/'").hasMessageContaining("'a/b'");
        assertThatThrownBy(() -> SharedMemory.create("", 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SharedMemory.attach("x".repeat(201))).isInstanceOf(IllegalArgumentException.class);
        for (String bad : new String[] {"caf\u00e9", "a b", "a:b", "..\\x", "a\u0000"}) {
            assertThatThrownBy(() -> SharedMemory.attach(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> SharedMemory.attach("Az_09.-" + "x".repeat(193))).as("200 allowed characters")
                .isInstanceOf(NoSuchSharedMemoryException.class);
        assertThatThrownBy(() -> SharedMemory.create(uniqueName(), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was 0");

        String missing = uniqueName();
        assertThatThrownBy(() -> SharedMemory.attach(missing)).isInstanceOf(NoSuchSharedMemoryException.class)
                .hasMessageContaining("'" + missing + "'");

        String name = uniqueName();
        try (SharedMemory shm = SharedMemory.create(name, 100)) {
            assertThatThrownBy(() -> SharedMemory.create(name, 100)).isInstanceOf(SharedMemoryExistsException.class)
                    .hasMessageContaining("exists already");
            assertThatThrownBy(() -> SharedMemory.attach(name, 101)).isInstanceOf(SharedMemoryException.class)
                    .hasMessageContaining("has 100 bytes, fewer than the 101 asked for");
            assertThat(SharedMemory.attach(name, 100).size()).isEqualTo(shm.size());
        }

        String stranger = uniqueName();
        Files.write(file(stranger), new byte[100]);
        try {
            assertThatThrownBy(() -> SharedMemory.attach(stranger)).isInstanceOf(SharedMemoryException.class)
                    .hasMessageContaining("is not an mp4j shared-memory segment");
        } finally {
            Files.delete(file(stranger));
        }
    }

    @Test
    void theCreatorsCloseUnlinksAnAttachedHandlesCloseOnlyUnmapsAndAClosedHandleRefusesAccess() {
        String name = uniqueName();
        SharedMemory created = SharedMemory.create(name, 16);
        SharedMemory attached = SharedMemory.attach(name);

        attached.close();
        assertThat(file(name)).as("an attached handle's close leaves the name").exists();
        assertThatThrownBy(() -> attached.getInt(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");

        created.putInt(0, 1);
        created.close();
        created.close();
        assertThat(file(name)).as("the creator's close unlinks").doesNotExist();
        assertThat(created.isClosed()).isTrue();
        assertThatThrownBy(() -> created.putInt(0, 2)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aKeptSegmentOutlivesItsCreatorsCloseUntilSomeoneUnlinksIt() {
        String name = uniqueName();
        try (SharedMemory created = SharedMemory.create(name, 16).keep()) {
            created.putInt(0, 77);
        }
        assertThat(file(name)).exists();
        try (SharedMemory attached = SharedMemory.attach(name)) {
            assertThat(attached.getInt(0)).isEqualTo(77);
            attached.unlink();
        }
        assertThat(file(name)).doesNotExist();
    }

    @Test
    void aViewOutlivesCloseSafelyBecauseTheMappingWaitsForIt() {
        SharedMemory shm = SharedMemory.create(32);
        ByteBuffer view = shm.buffer(8, 8);
        shm.close();
        view.putLong(0, 5);
        assertThat(view.getLong(0)).isEqualTo(5);
    }

    @Test
    void aHandleTravelsAsNameAndSizeAndAttachesOnFirstUse() throws Exception {
        try (SharedMemory shm = SharedMemory.create(1 << 20)) {
            shm.putLong(8, 99);
            byte[] kryo = ObjectCodec.encode(shm);
            assertThat(kryo.length).as("name and size, not the megabyte").isLessThan(100);
            try (SharedMemory received = (SharedMemory) ObjectCodec.decode(kryo)) {
                assertThat(received).isNotSameAs(shm);
                assertThat(received.name()).isEqualTo(shm.name());
                assertThat(received.isCreator()).isFalse();
                assertThat(received.getLong(8)).isEqualTo(99);
            }
            try (SharedMemory received = javaRoundTrip(shm)) {
                assertThat(received.size()).isEqualTo(1 << 20);
                assertThat(received.getLong(8)).isEqualTo(99);
            }
            assertThat(shm.getLong(8)).as("the original is unaffected by the copies' close").isEqualTo(99);
        }
    }

    @Test
    void aHandleReceivedAfterItsNameWasMadeAgainWithAnotherSizeSaysSo() {
        String name = uniqueName();
        byte[] sent;
        try (SharedMemory first = SharedMemory.create(name, 64)) {
            sent = ObjectCodec.encode(first);
        }
        try (SharedMemory second = SharedMemory.create(name, 128)) {
            SharedMemory received = (SharedMemory) ObjectCodec.decode(sent);
            assertThatThrownBy(() -> received.getByte(0)).isInstanceOf(SharedMemoryException.class)
                    .hasMessageContaining("has 128 bytes, but the handle sent here says 64");
            assertThat(second.getByte(0)).isZero();
        }
    }

    @Test
    void aSegmentLargerThan2GiBRoundTripsValuesAtItsLastIndexAndAcrossWindows() {
        long size = 3 * GIB + 5;
        try (SharedMemory shm = SharedMemory.create(size)) {
            shm.putLong(size - 8, 0x0123456789abcdefL);
            shm.putByte(size - 1, (byte) 42);
            assertThat(shm.getByte(size - 1)).isEqualTo((byte) 42);
            long aligned = (size - 8) & ~7L;
            shm.putLongVolatile(aligned - 8, 5);
            assertThat(shm.getAndAddLong(aligned - 8, 1)).isEqualTo(5);

            long boundary = 2 * GIB - 64 - 3;
            byte[] across = new byte[16];
            for (int i = 0; i < across.length; i++) {
                across[i] = (byte) (i + 1);
            }
            shm.put(boundary, across, 0, across.length);
            byte[] back = new byte[16];
            shm.get(boundary, back, 0, back.length);
            assertThat(back).containsExactly(across);
            assertThat(shm.getLong(boundary + 1)).isEqualTo(ByteBuffer.wrap(across, 1, 8).order(ByteOrder.nativeOrder()).getLong());
            assertThat(shm.buffer(boundary, 16).get(15)).isEqualTo((byte) 16);
            assertThatThrownBy(shm::buffer).isInstanceOf(IllegalStateException.class).hasMessageContaining("buffer(offset, length)");
        }
    }

    static String uniqueName() {
        return "test-" + UUID.randomUUID();
    }

    static Path file(String name) {
        return RuntimeDirectory.sharedMemory().resolve("shm-" + name);
    }

    private static String permissions(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static SharedMemory javaRoundTrip(SharedMemory shm) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(shm);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (SharedMemory) in.readObject();
        }
    }
}
