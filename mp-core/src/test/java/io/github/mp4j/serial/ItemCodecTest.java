package io.github.mp4j.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ItemWriter} and {@link ItemReader}: items that decode one by one, from any slice. */
class ItemCodecTest {

    private static final List<Object> ITEMS = Arrays.asList(
            0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40,
            0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE,
            0.0, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, 1e-300,
            null, "text", List.of(1L, 2L), Map.of("k", 3), (short) 4, 5.5f, 'c', true, new int[] {6, 7});

    @Test
    void everyItemRoundTripsWithItsTypeAndEachSliceDecodesOnItsOwn() {
        List<Integer> ends = new ArrayList<>();
        byte[] bytes;
        try (ItemWriter writer = new ItemWriter(16)) {
            for (Object item : ITEMS) {
                ends.add(writer.write(item));
            }
            bytes = Arrays.copyOf(writer.buffer(), writer.position());
        }

        try (ItemReader reader = new ItemReader(bytes, 0, bytes.length)) {
            for (Object item : ITEMS) {
                assertThat(reader.hasNext()).isTrue();
                assertDecodedAs(reader.next(), item);
            }
            assertThat(reader.hasNext()).isFalse();
        }
        for (int i = 0; i < ITEMS.size(); i++) {
            int start = i == 0 ? 0 : ends.get(i - 1);
            try (ItemReader reader = new ItemReader(bytes, start, ends.get(i) - start)) {
                assertDecodedAs(reader.next(), ITEMS.get(i));
                assertThat(reader.hasNext()).as("item %d alone", i).isFalse();
            }
        }
    }

    @Test
    void anItemTheJvmCannotReflectIsASerializationExceptionAndTheWriterGoesOn() {
        try (ItemWriter writer = new ItemWriter(16)) {
            writer.write(Path.of("/data/a.csv"));
            int end = writer.position();

            assertThatThrownBy(() -> writer.write(new SimpleDateFormat("yyyy")))
                    .isExactlyInstanceOf(SerializationException.class)
                    .hasMessageContaining(SimpleDateFormat.class.getName());
            assertThat(writer.position()).isEqualTo(end);
            writer.write(Path.of("/data/b.csv"));
            byte[] bytes = writer.toBytes();
            try (ItemReader reader = new ItemReader(bytes, 0, bytes.length)) {
                assertThat(reader.next()).isEqualTo(Path.of("/data/a.csv"));
                assertThat(reader.next()).isEqualTo(Path.of("/data/b.csv"));
            }
        }
    }

    @Test
    void longsCanBeReadUnboxedAndAnythingElseIsToldApart() {
        byte[] bytes;
        try (ItemWriter writer = new ItemWriter(16)) {
            writer.write(Long.MAX_VALUE);
            writer.write(-3L);
            writer.write(5);
            writer.write(null);
            bytes = writer.toBytes();
        }
        try (ItemReader reader = new ItemReader(bytes, 0, bytes.length)) {
            assertThat(reader.nextIsLong()).isTrue();
            assertThat(reader.nextLong()).isEqualTo(Long.MAX_VALUE);
            assertThat(reader.nextIsLong()).isTrue();
            assertThat(reader.nextLong()).isEqualTo(-3L);
            assertThat(reader.nextIsLong()).as("an Integer").isFalse();
            assertThat(reader.next()).isEqualTo(5);
            assertThat(reader.nextIsLong()).as("null").isFalse();
            assertThat(reader.next()).isNull();
            assertThat(reader.nextIsLong()).as("the end").isFalse();
        }
    }

    @Test
    void anItemCutShortIsADecodeErrorNotAWrongValue() {
        byte[] bytes;
        try (ItemWriter writer = new ItemWriter(16)) {
            writer.write(Long.MIN_VALUE);
            writer.write(Math.E);
            bytes = writer.toBytes();
        }
        int longBytes = 1 + 9; // a tag, then Kryo's variable-length long of at most 9 bytes
        try (ItemReader reader = new ItemReader(bytes, 0, longBytes - 1)) {
            assertThatThrownBy(reader::next).isInstanceOf(SerializationException.class);
        }
        try (ItemReader reader = new ItemReader(bytes, 0, longBytes - 1)) {
            assertThatThrownBy(reader::nextLong).isInstanceOf(SerializationException.class);
        }
        try (ItemReader reader = new ItemReader(bytes, longBytes, bytes.length - longBytes - 1)) {
            assertThatThrownBy(reader::next).isInstanceOf(SerializationException.class);
        }
    }

    private static void assertDecodedAs(Object decoded, Object item) {
        if (item == null) {
            assertThat(decoded).isNull();
        } else if (item instanceof int[] array) {
            assertThat(decoded).isInstanceOf(int[].class);
            assertThat((int[]) decoded).containsExactly(array);
        } else {
            assertThat(decoded).isInstanceOf(item.getClass()).isEqualTo(item);
        }
    }
}
