package io.github.mp4j.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.connection.ConnectionClosedException;
import io.github.mp4j.connection.ProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Descriptors that no honest writer sends, after a real ring was attached: each closes the
 * connection with a protocol error before a byte is copied.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RingDescriptorTest {

    private static final int MIB = 1 << 20;
    private static final int RING_CHUNK = 0x80000001;

    private SocketChannel writerSocket;
    private FramedChannel writer;
    private FramedChannel reader;

    @BeforeEach
    void connectAndAttachARing() throws IOException {
        UnixSocketPair sockets = UnixSocketPair.open();
        writerSocket = sockets.client();
        reader = new FramedChannel(sockets.server(), Integer.MAX_VALUE - 8);
        writer = new FramedChannel(writerSocket, Integer.MAX_VALUE - 8);
        writer.enableSharedMemory();
        reader.enableSharedMemory();

        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> writer.write(ByteBuffer.allocate(MIB)));
        assertThat(reader.read()).as("the first large frame, through the socket").hasSize(MIB);
        sending.join();
        writer.write(ByteBuffer.allocate(MIB).put(0, (byte) 1));
        assertThat(reader.read()).as("the second, through the ring at position 0").hasSize(MIB).startsWith(1);
        assertThat(writer.writesThroughSharedMemory()).isTrue();
    }

    @AfterEach
    void close() {
        writer.close();
        reader.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "a position behind the reader's,   1048576, 1048576, 0",
        "a position ahead of the reader's, 1048576, 1048576, 2097152",
        "a chunk larger than the ring,     8388608, 8388608, 1048576",
        "a chunk larger than its frame,    1000,    2000,    1048576",
        "an empty chunk,                   1000,    0,       1048576",
        "a negative frame length,          -5,      1000,    1048576",
    })
    void aDescriptorThatDoesNotFitTheRingClosesTheConnection(String what, int remaining, int chunk, long position) {
        forge(descriptor(remaining, chunk, position));

        assertThatThrownBy(reader::read).as(what).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("shared-memory descriptor").hasMessageContaining("closed");
        assertThat(reader.isClosed()).isTrue();
        assertThatThrownBy(reader::read).isInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void chunksThatDoNotAddUpToTheirFrameCloseTheConnection() {
        ByteBuffer frame = ByteBuffer.allocate(40);
        frame.put(descriptor(2 * MIB, 1000, MIB));
        frame.put(descriptor(2 * MIB, 1000, MIB + 1000));
        forge(frame.array());

        assertThatThrownBy(reader::read).isInstanceOf(ProtocolException.class).hasMessageContaining("do not add up");
        assertThat(reader.isClosed()).isTrue();
    }

    @Test
    void aSocketFrameInTheMiddleOfARingFrameClosesTheConnection() {
        ByteBuffer frame = ByteBuffer.allocate(28);
        frame.put(descriptor(2 * MIB, 1000, MIB));
        frame.putInt(4).putInt(0);
        forge(frame.array());

        assertThatThrownBy(reader::read).isInstanceOf(ProtocolException.class).hasMessageContaining("in the middle");
    }

    @Test
    void aFrameInSeveralChunksInterleavedWithProbesArrivesWhole() {
        ByteBuffer frame = ByteBuffer.allocate(44);
        frame.put(descriptor(3000, 1000, MIB));
        frame.putInt(0x80000003);
        frame.put(descriptor(2000, 2000, MIB + 1000));
        forge(frame.array());

        assertThat(reader.read()).as("bytes the writer left in the ring").hasSize(3000);
        writer.write(ByteBuffer.allocate(10));
        assertThat(reader.read()).hasSize(10);
    }

    @Test
    void readBufferedTakesAFrameInOneChunkAndLeavesAFrameWhoseLaterChunksAreYetToCome() {
        ByteBuffer bytes = ByteBuffer.allocate(45);
        bytes.putInt(1).put((byte) 'a');
        bytes.put(descriptor(1000, 1000, MIB));
        bytes.put(descriptor(3000, 1000, MIB + 1000));
        forge(bytes.array());

        assertThat(reader.read()).as("one read brings the descriptors behind it into the buffer").containsExactly('a');
        assertThat(reader.readBuffered()).as("a frame in one chunk").hasSize(1000);
        assertThat(reader.readBuffered()).as("the first of three chunks").isNull();

        forge(descriptor(2000, 2000, MIB + 2000));
        assertThat(reader.read()).hasSize(3000);
    }

    @Test
    void readBufferedTakesAFrameOfSeveralChunksOnceTheDescriptorsOfAllItsChunksHaveArrived() {
        ByteBuffer bytes = ByteBuffer.allocate(49);
        bytes.putInt(1).put((byte) 'a');
        bytes.put(descriptor(3000, 1000, MIB));
        bytes.putInt(0x80000003);
        bytes.put(descriptor(2000, 2000, MIB + 1000));
        forge(bytes.array());

        assertThat(reader.read()).as("one read brings the descriptors behind it into the buffer").containsExactly('a');
        assertThat(reader.readBuffered()).as("a frame in two chunks, a probe between them").hasSize(3000);
        assertThat(reader.readBuffered()).as("nothing more has arrived").isNull();
        writer.write(ByteBuffer.allocate(10));
        assertThat(reader.read()).hasSize(10);
    }

    private void forge(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            while (buffer.hasRemaining()) {
                writerSocket.write(buffer);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] descriptor(int remaining, int chunk, long position) {
        return ByteBuffer.allocate(20).putInt(RING_CHUNK).putInt(remaining).putInt(chunk).putLong(position).array();
    }
}
