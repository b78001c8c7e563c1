package io.github.mp4j.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.serial.ObjectCodec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A fixed-length list in shared memory: items of every kind, typed reads, room rules, attaching and travelling. */
class ShareableListTest {

    @Test
    void itemsOfEveryKindReadBackThroughAnotherHandle() {
        String name = SharedMemoryTest.uniqueName();
        try (ShareableList list = ShareableList.create(name, Arrays.asList(1, 2.5, "héllo", null, true, new byte[] {1, 2}, 7L));
             ShareableList other = ShareableList.attach(name)) {
            assertThat(other).hasSize(7);
            assertThat(other.subList(0, 5)).containsExactly(1L, 2.5, "héllo", null, true);
            assertThat((byte[]) other.get(5)).containsExactly(1, 2);
            assertThat(other.getLong(6)).isEqualTo(7);

            list.set(0, 41.5);
            list.set(3, "abc");
            assertThat(other.set(4, null)).isEqualTo(true);

            assertThat(other.getDouble(0)).isEqualTo(41.5);
            assertThat(other.getString(3)).isEqualTo("abc");
            assertThat(list.get(4)).isNull();
            assertThat(list.indexOf("abc")).isEqualTo(3);
        }
    }

    @Test
    void aSlotKeepsItsRoomAndTypedReadsNameWhatTheyFound() {
        try (ShareableList list = ShareableList.create(List.of("abcd", 1L))) {
            list.set(0, "wxyz");
            assertThatThrownBy(() -> list.set(0, "a longer string")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("has room for 8 bytes; the new String needs 19");
            assertThat(list.get(0)).isEqualTo("wxyz");
            assertThatThrownBy(() -> list.getLong(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("item 0 of ShareableList '" + list.name() + "' is a String, not a long");
            assertThatThrownBy(() -> list.getString(1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is a long, not a String");
            assertThatThrownBy(() -> list.set(1, new Object())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("java.lang.Object");
            assertThatThrownBy(() -> list.add(1L)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> list.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void plainSharedMemoryIsNoListAndAListTravelsAsItsSegment() {
        try (SharedMemory plain = SharedMemory.create(64)) {
            assertThatThrownBy(() -> ShareableList.attach(plain.name())).isInstanceOf(SharedMemoryException.class)
                    .hasMessageContaining("holds no ShareableList");
        }
        try (ShareableList list = ShareableList.create(List.of(5L, "x"))) {
            byte[] sent = ObjectCodec.encode(list);
            assertThat(sent.length).isLessThan(100);
            try (ShareableList received = (ShareableList) ObjectCodec.decode(sent)) {
                assertThat(received).containsExactly(5L, "x");
                received.set(0, 6L);
            }
            assertThat(list.getLong(0)).isEqualTo(6);
        }
    }
}
