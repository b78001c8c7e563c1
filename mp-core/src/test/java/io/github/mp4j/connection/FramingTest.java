package io.github.mp4j.connection;

import static io.github.mp4j.connection.Sockets.async;
import static io.github.mp4j.connection.Sockets.await;
import static io.github.mp4j.connection.Sockets.connect;
import static io.github.mp4j.connection.Sockets.connectRaw;
import static io.github.mp4j.connection.Sockets.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.connection.Sockets.Ends;
import io.github.mp4j.connection.Sockets.RawEnds;
import io.github.mp4j.connection.Sockets.Transport;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.serial.SerializationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Message boundaries, size limits and malformed frames on an authenticated connection. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FramingTest {

    private static final int SMALL_MAX = 1024;
    private static final ConnectionOptions SMALL_FRAMES = new ConnectionOptions(SMALL_MAX, Duration.ofSeconds(30));

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aGarbageFrameHeaderClosesThatConnectionOnlyWithAClearProtocolError(Transport transport) throws IOException {
        try (Listener listener = transport.bind(); Ends bystander = connect(listener); RawEnds ends = connectRaw(listener)) {
            ends.writeRaw(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe});

            assertThatThrownBy(() -> ends.server().recv())
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("garbage frame header")
                    .hasMessageContaining("-2")
                    .hasMessageContaining("closed");
            assertThat(ends.server().isClosed()).isTrue();
            assertThatThrownBy(() -> ends.server().recv()).isInstanceOf(ConnectionClosedException.class);
            assertThat(ends.raw().read(ByteBuffer.allocate(1))).as("the peer sees the end of the stream").isEqualTo(-1);

            bystander.client().send("unaffected");
            assertThat(bystander.server().<String>recv()).isEqualTo("unaffected");
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anIncomingFrameAboveTheMaximumClosesThatConnectionOnlyWithAClearProtocolError(Transport transport) {
        try (Listener listener = transport.bind(SMALL_FRAMES); Ends bystander = connect(listener); Ends ends = connect(listener)) {
            ends.client().sendBytes(new byte[SMALL_MAX + 1]);

            assertThatThrownBy(() -> ends.server().recvBytes())
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining((SMALL_MAX + 1) + " bytes")
                    .hasMessageContaining("maximum of " + SMALL_MAX)
                    .hasMessageContaining("maxFrameBytes");
            assertThat(ends.server().isClosed()).isTrue();
            assertThatThrownBy(() -> ends.client().recv())
                    .as("the sender learns that the connection is gone")
                    .isInstanceOf(ConnectionClosedException.class);

            bystander.client().sendBytes(new byte[SMALL_MAX]);
            assertThat(bystander.server().recvBytes()).as("a frame of exactly the maximum").hasSize(SMALL_MAX);
        }
    }

    @Test
    void aMessageAboveTheSendersMaximumIsRefusedBeforeAnythingIsSentAndTheConnectionStaysUsable() {
        try (Listener listener = Transport.UNIX.bind(); Ends ends = connect(listener, SMALL_FRAMES)) {
            assertThatThrownBy(() -> ends.client().sendBytes(new byte[SMALL_MAX + 1]))
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining((SMALL_MAX + 1) + " bytes")
                    .hasMessageContaining("maximum of " + SMALL_MAX)
                    .hasMessageContaining("nothing was sent");
            assertThatThrownBy(() -> ends.client().send(new byte[SMALL_MAX * 2]))
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("nothing was sent");
            assertThat(ends.client().isClosed()).isFalse();

            ends.client().send("small");
            assertThat(ends.server().<String>recv()).as("the first message that arrives").isEqualTo("small");
            assertThat(ends.server().poll()).as("nothing else arrived").isFalse();
        }
    }

    @Test
    void aMessageSplitAcrossManyWritesIsStillOneMessageAndTwoInOneWriteAreTwo() throws IOException {
        try (Listener listener = Transport.UNIX.bind(); RawEnds ends = connectRaw(listener)) {
            byte[] first = frame(ObjectCodec.encode("first, dribbled"));
            for (byte b : first) {
                ends.writeRaw(new byte[] {b});
            }
            byte[] second = frame(new byte[] {1, 2});
            byte[] third = frame(new byte[] {3});
            byte[] both = Arrays.copyOf(second, second.length + third.length);
            System.arraycopy(third, 0, both, second.length, third.length);
            ends.writeRaw(both);

            assertThat(ends.server().<String>recv()).isEqualTo("first, dribbled");
            assertThat(ends.server().recvBytes()).containsExactly(1, 2);
            assertThat(ends.server().recvBytes()).containsExactly(3);
        }
    }

    @Test
    void aPeerThatClosesInTheMiddleOfAFrameEndsTheConnection() throws IOException {
        try (Listener listener = Transport.UNIX.bind(); RawEnds ends = connectRaw(listener)) {
            ends.writeRaw(Arrays.copyOf(frame(new byte[100]), 40));
            ends.raw().close();

            assertThatThrownBy(() -> ends.server().recvBytes())
                    .isInstanceOf(ConnectionClosedException.class)
                    .hasMessageContaining("100-byte message");
        }
    }

    @Test
    void recvBytesIntoATooSmallBufferHandsOverTheWholeMessageAndTheConnectionStaysUsable() {
        try (Listener listener = Transport.UNIX.bind(); Ends ends = connect(listener)) {
            byte[] message = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
            ends.client().sendBytes(message);
            ends.client().sendBytes(new byte[] {42, 43});
            ends.client().sendBytes(new byte[] {7, 7, 7});

            assertThatExceptionOfType(BufferTooShortException.class)
                    .isThrownBy(() -> ends.server().recvBytesInto(new byte[12], 4))
                    .withMessageContaining("10 bytes")
                    .withMessageContaining("8 bytes")
                    .satisfies(tooShort -> assertThat(tooShort.message()).isEqualTo(message));

            byte[] buffer = new byte[6];
            assertThat(ends.server().recvBytesInto(buffer, 4)).as("a message that exactly fits").isEqualTo(2);
            assertThat(buffer).containsExactly(0, 0, 0, 0, 42, 43);
            assertThat(ends.server().recvBytesInto(buffer, 0)).isEqualTo(3);
            assertThat(buffer).containsExactly(7, 7, 7, 0, 42, 43);
        }
    }

    @Test
    void aMessageThatDoesNotDecodeFailsThatRecvOnlyAndTheConnectionStaysUsable() {
        try (Listener listener = Transport.UNIX.bind(); Ends ends = connect(listener)) {
            ends.client().sendBytes("not an object".getBytes(StandardCharsets.US_ASCII));
            ends.client().send("after the garbage");

            assertThatThrownBy(() -> ends.server().recv()).isInstanceOf(SerializationException.class);
            assertThat(ends.server().isClosed()).isFalse();
            assertThat(ends.server().<String>recv()).isEqualTo("after the garbage");
        }
    }

    @Test
    void aValueThatCannotBeSerializedIsRefusedBeforeAnythingIsSent() {
        try (Listener listener = Transport.UNIX.bind(); Ends ends = connect(listener)) {
            assertThatThrownBy(() -> ends.client().send(List.of(Thread.currentThread())))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining(Thread.class.getName());

            ends.client().send("next");
            assertThat(ends.server().<String>recv()).isEqualTo("next");
        }
    }

    @Test
    void a64MiBMessageArrivesIntactOverAUnixSocket() {
        byte[] big = new byte[64 << 20];
        new Random(64).nextBytes(big);
        try (Listener listener = Transport.UNIX.bind(); Ends ends = connect(listener)) {
            CompletableFuture<Void> sending = async("send-64MiB", () -> {
                ends.client().sendBytes(big);
                ends.client().send(new Blob("object", big));
                return null;
            });

            byte[] received = ends.server().recvBytes();
            Blob blob = ends.server().recv();
            await(sending);

            assertThat(received).hasSize(big.length);
            assertThat(Arrays.mismatch(received, big)).as("first differing byte").isEqualTo(-1);
            assertThat(blob.name()).isEqualTo("object");
            assertThat(Arrays.mismatch(blob.bytes(), big)).as("first differing byte of the object's array").isEqualTo(-1);
        }
    }

    record Blob(String name, byte[] bytes) {
    }
}
