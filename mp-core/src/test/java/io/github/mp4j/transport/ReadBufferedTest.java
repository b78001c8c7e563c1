package io.github.mp4j.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link FramedChannel#readBuffered()} returns a frame only if all of it already arrived with an
 * earlier read, taking the control frames before it, and never blocks. The bytes are written raw
 * in one go before the first read, so that one system call brings them all into the buffer.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReadBufferedTest {

    private static final int RING_OFFER = 0x80000002;
    private static final int PROBE = 0x80000003;

    private SocketChannel writer;
    private FramedChannel reader;

    @BeforeEach
    void connect() throws IOException {
        UnixSocketPair sockets = UnixSocketPair.open();
        writer = sockets.client();
        reader = new FramedChannel(sockets.server(), 1 << 20);
        reader.enableSharedMemory();
    }

    @AfterEach
    void close() throws IOException {
        reader.close();
        writer.close();
    }

    @Test
    void framesThatArrivedWholeAreReturnedInOrderThenNull() {
        send(ByteBuffer.allocate(23).putInt(1).put((byte) 'a').putInt(2).put(new byte[] {'b', 'b'}).putInt(0)
                .putInt(10).put(new byte[4]));

        assertThat(reader.read()).containsExactly('a');
        assertThat(reader.readBuffered()).containsExactly('b', 'b');
        assertThat(reader.readBuffered()).as("an empty frame").isEmpty();
        assertThat(reader.readBuffered()).as("a frame of which 4 of 10 bytes arrived").isNull();

        send(ByteBuffer.allocate(6).put(new byte[6]));
        assertThat(reader.read()).as("the rest, read from the socket").hasSize(10);
    }

    @Test
    void probesBeforeAFrameAreSkipped() {
        send(ByteBuffer.allocate(18).putInt(1).put((byte) 'a').putInt(PROBE).putInt(PROBE).putInt(1).put((byte) 'b'));

        assertThat(reader.read()).containsExactly('a');
        assertThat(reader.readBuffered()).containsExactly('b');
    }

    @Test
    void aRingOfferThatHasNotAllArrivedIsLeftForLater() {
        send(ByteBuffer.allocate(15).putInt(1).put((byte) 'a').putInt(RING_OFFER).putInt(4 << 20).putShort((short) 0));

        assertThat(reader.read()).containsExactly('a');
        assertThat(reader.readBuffered()).as("10 of the offer's 18 or more bytes").isNull();
        assertThat(reader.isClosed()).isFalse();
    }

    private void send(ByteBuffer bytes) {
        bytes.flip();
        try {
            while (bytes.hasRemaining()) {
                writer.write(bytes);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
