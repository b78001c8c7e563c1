package io.github.mp4j.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link SimpleValues} writes common messages without Kryo's bookkeeping; every byte must still be
 * Kryo's, so that a message written either way decodes either way.
 */
class SimpleValuesTest {

    private static final List<Object> SIMPLE = Arrays.asList(
            null, 0, -1, 42, Integer.MIN_VALUE, Integer.MAX_VALUE, 0L, -3L, Long.MIN_VALUE, Long.MAX_VALUE,
            0.0, -0.0, Math.PI, Double.NaN, Double.NEGATIVE_INFINITY, true, false,
            "", "x", "hello", "a".repeat(32), "b".repeat(33), "héllo", "\uD83D\uDE00 emoji", "x".repeat(10_000),
            Arrays.asList(42, null, "hello"), new ArrayList<>(Arrays.asList(42, null, "hello")),
            Arrays.asList(), new ArrayList<>(), Arrays.asList(1.5, 7L, true, "", null),
            Arrays.asList(1, 2, 3), new ArrayList<>(Arrays.asList("a", null, "b")), Arrays.asList(null, null),
            new ArrayList<>(Arrays.asList(1L, null)), Arrays.asList(2.5), new ArrayList<>(Arrays.asList(true, false)),
            Arrays.asList(1, 2L), new ArrayList<>(Arrays.asList(null, "x", 3)), Arrays.asList((Object) null),
            new ArrayList<>(IntStream.range(0, SimpleValues.MAX_LIST_SIZE).boxed().toList()));

    private static final List<Object> NOT_SIMPLE = Arrays.asList(
            (short) 4, 5.5f, 'c', (byte) 1, new int[] {6, 7}, List.of(1, 2), new LinkedList<>(List.of(1)),
            Collections.singletonList(1), Arrays.asList(1, Arrays.asList(2)), new ArrayList<>(List.of(List.of())),
            Arrays.asList((short) 1), new ArrayList<>(IntStream.range(0, SimpleValues.MAX_LIST_SIZE + 1).boxed().toList()));

    @Test
    void simpleValuesAreWrittenExactlyAsKryoWritesThem() {
        for (Object value : SIMPLE) {
            Output output = new Output(16, -1);
            assertThat(SimpleValues.write(output, value)).as("%s is simple", describe(value)).isTrue();
            assertThat(output.toBytes()).as("%s", describe(value)).isEqualTo(kryoBytes(value));
        }
    }

    @Test
    void simpleMessagesWrittenByKryoReadBackAsKryoReadsThem() {
        for (Object value : SIMPLE) {
            byte[] bytes = kryoBytes(value);
            Input input = new Input(bytes);
            Object read = SimpleValues.read(input);
            assertThat(read).as("%s is read here", describe(value)).isNotSameAs(SimpleValues.NOT_SIMPLE);
            assertThat(input.position()).as("%s read to its end", describe(value)).isEqualTo(bytes.length);
            assertSameValue(read, kryoRead(bytes));
            assertSameValue(ObjectCodec.decode(bytes), value);
        }
    }

    @Test
    void anythingElseIsLeftToKryoUntouched() {
        for (Object value : NOT_SIMPLE) {
            Output output = new Output(16, -1);
            assertThat(SimpleValues.write(output, value)).as("%s is not simple", describe(value)).isFalse();
            assertThat(output.position()).as("nothing written for %s", describe(value)).isZero();

            byte[] bytes = kryoBytes(value);
            Input input = new Input(bytes);
            assertThat(SimpleValues.read(input)).as("%s", describe(value)).isSameAs(SimpleValues.NOT_SIMPLE);
            assertThat(input.position()).as("the input is where it was for %s", describe(value)).isZero();
            assertThat(ObjectCodec.encode(value)).isEqualTo(bytes);
            assertSameValue(ObjectCodec.decode(bytes), kryoRead(bytes));
        }
    }

    @Test
    void aSimpleMessageCutShortOrWithBytesAfterItIsADecodeError() {
        byte[] bytes = ObjectCodec.encode(Arrays.asList(42, null, "hello"));
        for (int length = 1; length < bytes.length; length++) {
            int cut = length;
            assertThatThrownBy(() -> ObjectCodec.decode(bytes, 0, cut)).as("%d of %d bytes", cut, bytes.length)
                    .isInstanceOf(SerializationException.class);
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> ObjectCodec.decode(longer)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("trailing");
    }

    @Test
    void decodeIfSimpleGivesWhatDecodeGivesForSimpleMessagesAndLeavesTheRestToIt() {
        for (Object value : SIMPLE) {
            byte[] bytes = ObjectCodec.encode(value);
            Object simple = ObjectCodec.decodeIfSimple(bytes);
            assertThat(simple).as("%s", describe(value)).isNotSameAs(ObjectCodec.NOT_SIMPLE);
            assertSameValue(simple, ObjectCodec.decode(bytes));
        }
        for (Object value : NOT_SIMPLE) {
            assertThat(ObjectCodec.decodeIfSimple(ObjectCodec.encode(value))).as("%s", describe(value))
                    .isSameAs(ObjectCodec.NOT_SIMPLE);
        }
        byte[] bytes = ObjectCodec.encode(Arrays.asList(42, null, "hello"));
        for (int length = 0; length < bytes.length; length++) {
            assertThat(ObjectCodec.decodeIfSimple(Arrays.copyOf(bytes, length))).as("%d of %d bytes", length, bytes.length)
                    .isSameAs(ObjectCodec.NOT_SIMPLE);
        }
        assertThat(ObjectCodec.decodeIfSimple(Arrays.copyOf(bytes, bytes.length + 1))).as("a byte after it")
                .isSameAs(ObjectCodec.NOT_SIMPLE);
    }

    private static byte[] kryoBytes(Object value) {
        Kryo kryo = ObjectCodec.obtainKryo();
        try {
            Output output = new Output(16, -1);
            kryo.writeClassAndObject(output, value);
            return output.toBytes();
        } finally {
            ObjectCodec.releaseKryo(kryo);
        }
    }

    private static Object kryoRead(byte[] bytes) {
        Kryo kryo = ObjectCodec.obtainKryo();
        try {
            return kryo.readClassAndObject(new Input(bytes));
        } finally {
            ObjectCodec.releaseKryo(kryo);
        }
    }

    private static void assertSameValue(Object actual, Object expected) {
        if (expected == null) {
            assertThat(actual).isNull();
        } else if (expected instanceof int[] array) {
            assertThat((int[]) actual).containsExactly(array);
        } else {
            assertThat(actual).isInstanceOf(expected.getClass()).isEqualTo(expected);
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + abbreviate(String.valueOf(value));
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
