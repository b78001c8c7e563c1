package io.github.mp4j.connection;

import static io.github.mp4j.connection.Sockets.async;
import static io.github.mp4j.connection.Sockets.await;
import static io.github.mp4j.connection.Sockets.connect;
import static io.github.mp4j.connection.Sockets.connectRaw;
import static io.github.mp4j.connection.Sockets.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.connection.Sockets.Ends;
import io.github.mp4j.connection.Sockets.RawEnds;
import io.github.mp4j.connection.Sockets.Transport;
import io.github.mp4j.resource.RuntimeDirectory;
import io.github.mp4j.transport.ChannelBacked;
import io.github.mp4j.transport.FramedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Large frames between local processes through shared memory: order, integrity, failures, clean-up. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SharedMemoryTransportTest {

    private static final int KIB = 1 << 10;
    private static final int MIB = 1 << 20;
    private static final int RING_CHUNK = 0x80000001;
    private static final int RING_OFFER = 0x80000002;
    private static final int PROBE = 0x80000003;

    @Test
    void largeMessagesGoThroughSharedMemoryAndArriveIntactAndInOrderAmongSmallOnes() {
        List<byte[]> messages = mixedSizes(new Random(1));
        try (Listener listener = Transport.UNIX.bind(); Ends ends = connect(listener)) {
            CompletableFuture<Void> sending = async("send-mixed", () -> {
                for (byte[] message : messages) {
                    ends.client().sendBytes(message);
                }
                return null;
            });

            for (int i = 0; i < messages.size(); i++) {
                assertSame(ends.server().recvBytes(), messages.get(i), i);
            }
            await(sending);

            assertThat(channel(ends.client()).writesThroughSharedMemory()).isTrue();
            assertThat(channel(ends.server()).readsThroughSharedMemory()).isTrue();
        }
    }

    @Test
    void recvBytesIntoTakesLargeMessagesStraightFromSharedMemoryAndStillHandsOverOneThatDoesNotFit() {
        byte[] first = pattern(MIB, 1);
        byte[] second = pattern(3 * MIB + 5, 2);
        try (Listener listener = Transport.UNIX.bind(); Ends ends = connect(listener)) {
            for (byte[] message : List.of(first, second, second, first)) {
                CompletableFuture<Void> sending = sendAsync(ends.client(), message);
                byte[] buffer = new byte[2 * MIB + 10];
                if (message.length <= buffer.length - 10) {
                    assertThat(ends.server().recvBytesInto(buffer, 10)).isEqualTo(message.length);
                    assertSame(Arrays.copyOfRange(buffer, 10, 10 + message.length), message, 0);
                } else {
                    assertThatThrownBy(() -> ends.server().recvBytesInto(buffer, 10))
                            .isInstanceOfSatisfying(BufferTooShortException.class, e -> assertSame(e.message(), message, 0));
                }
                await(sending);
            }
            assertThat(channel(ends.server()).readsThroughSharedMemory()).isTrue();
        }
    }

    @Test
    void aBatchOfFramesMixingRingAndSocketKeepsItsOrder() {
        List<byte[]> messages = mixedSizes(new Random(2));
        try (Listener listener = Transport.UNIX.bind(); Ends ends = connect(listener)) {
            CompletableFuture<Void> sending = async("send-batches", () -> {
                channel(ends.client()).writeAll(messages.subList(0, 4));
                channel(ends.client()).writeAll(messages.subList(4, messages.size()));
                return null;
            });

            for (int i = 0; i < messages.size(); i++) {
                assertSame(ends.server().recvBytes(), messages.get(i), i);
            }
            await(sending);
        }
    }

    @Test
    void aFullRingHoldsTheWriterUntilTheReaderCatchesUpAndNothingIsLostOrReordered() {
        try (Listener listener = Transport.UNIX.bind(); Ends ends = connect(listener)) {
            attachRing(ends);
            List<byte[]> messages = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                messages.add(pattern(i % 3 == 0 ? 10 : MIB, i));
            }
            AtomicReference<Thread> writer = new AtomicReference<>();
            CompletableFuture<Void> sending = async("send-20MiB", () -> {
                writer.set(Thread.currentThread());
                for (byte[] message : messages) {
                    ends.client().sendBytes(message);
                }
                return null;
            });

            awaitParked(writer);
            assertThat(sending).as("a writer facing a full ring").isNotDone();

            for (int i = 0; i < messages.size(); i++) {
                assertSame(ends.server().recvBytes(), messages.get(i), i);
            }
            await(sending);
        }
    }

    @Test
    void aWriterWaitingForRoomFailsWhenTheReaderClosesInsteadOfHanging() {
        try (Listener listener = Transport.UNIX.bind(); Ends ends = connect(listener)) {
            attachRing(ends);
            AtomicReference<Thread> writer = new AtomicReference<>();
            CompletableFuture<Void> sending = async("send-forever", () -> {
                writer.set(Thread.currentThread());
                byte[] block = new byte[MIB];
                while (true) {
                    ends.client().sendBytes(block);
                }
            });
            awaitParked(writer);

            ends.server().close();

            assertThatThrownBy(() -> await(sending)).isInstanceOf(ConnectionClosedException.class);
            assertThat(ends.client().isClosed()).isTrue();
        }
    }

    @Test
    void overTcpLargeMessagesStayInTheSocket() {
        try (Listener listener = Transport.TCP.bind(); Ends ends = connect(listener)) {
            for (int i = 0; i < 3; i++) {
                byte[] message = pattern(MIB, i);
                CompletableFuture<Void> sending = sendAsync(ends.client(), message);
                assertSame(ends.server().recvBytes(), message, i);
                await(sending);
            }
            assertThat(channel(ends.client()).writesThroughSharedMemory()).isFalse();
            assertThat(channel(ends.server()).readsThroughSharedMemory()).isFalse();
        }
    }

    @Test
    void closingTheConnectionLeavesNeitherARingFileNorAMapping() throws IOException {
        Set<String> filesBefore = ownRingFiles();
        Set<String> mappingsBefore = ringMappings();
        try (Listener listener = Transport.UNIX.bind(); Ends ends = connect(listener)) {
            attachRing(ends);
            for (int i = 0; i < 2; i++) {
                CompletableFuture<Void> sending = sendAsync(ends.server(), new byte[MIB]);
                ends.client().recvBytes();
                await(sending);
            }
            assertThat(channel(ends.server()).writesThroughSharedMemory()).as("the other direction's ring").isTrue();
        }
        try (Listener listener = Transport.UNIX.bind(); Ends ends = connect(listener)) {
            ends.client().sendBytes(new byte[100 * KIB]);
            assertThat(ownRingFiles()).as("a ring offered but not yet attached").hasSizeGreaterThan(filesBefore.size());
        }

        assertThat(ownRingFiles()).isEqualTo(filesBefore);
        assertThat(ringMappings()).isSubsetOf(mappingsBefore);
    }

    @Test
    void anOfferThisProcessCannotMapLeavesTheWriterOnTheSocket() throws IOException {
        try (Listener listener = Transport.UNIX.bind(); RawEnds ends = connectRaw(listener)) {
            ends.writeRaw(offer(4 * MIB, "1-2-nosuchfile.ring"));
            ends.writeRaw(frame(new byte[] {1, 2, 3}));

            assertThat(ends.server().recvBytes()).containsExactly(1, 2, 3);
            assertThat(ends.server().isClosed()).isFalse();
            assertThat(channel(ends.server()).readsThroughSharedMemory()).isFalse();
        }
    }

    @Test
    void probesBetweenFramesAreSkipped() throws IOException {
        try (Listener listener = Transport.UNIX.bind(); RawEnds ends = connectRaw(listener)) {
            ends.writeRaw(ByteBuffer.allocate(8).putInt(PROBE).putInt(PROBE).array());
            ends.writeRaw(frame(new byte[] {7}));

            assertThat(ends.server().recvBytes()).containsExactly(7);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"chunk without a ring", "offer naming a path", "offer of a bad capacity", "second offer"})
    void aBadDescriptorClosesThatConnectionOnlyWithAProtocolError(String forgery) throws IOException {
        try (Listener listener = Transport.UNIX.bind(); Ends bystander = connect(listener); RawEnds ends = connectRaw(listener)) {
            switch (forgery) {
                case "chunk without a ring" -> ends.writeRaw(ByteBuffer.allocate(20).putInt(RING_CHUNK).putInt(MIB)
                        .putInt(MIB).putLong(0).array());
                case "offer naming a path" -> ends.writeRaw(offer(4 * MIB, "../../1-2-x.ring"));
                case "offer of a bad capacity" -> ends.writeRaw(offer(4 * MIB + 1, "1-2-x.ring"));
                default -> {
                    ends.writeRaw(offer(4 * MIB, "1-2-x.ring"));
                    ends.writeRaw(offer(4 * MIB, "1-3-x.ring"));
                }
            }

            assertThatThrownBy(() -> ends.server().recvBytes()).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("shared-memory").hasMessageContaining("closed");
            assertThat(ends.server().isClosed()).isTrue();
            assertThat(ends.raw().read(ByteBuffer.allocate(1))).as("the peer sees the end of the stream").isEqualTo(-1);

            bystander.client().sendBytes(new byte[MIB]);
            assertThat(bystander.server().recvBytes()).hasSize(MIB);
        }
    }

    @Test
    void beforeAuthenticationARingOfferIsGarbageAndNoFileIsOpened() {
        try (Listener listener = Transport.UNIX.bind()) {
            CompletableFuture<Connection> accepted = async("accept", listener::accept);
            SocketChannel raw = FramedChannel.openSocket(listener.address());
            try {
                Sockets.writeRaw(raw, offer(4 * MIB, "1-2-x.ring"));

                assertThatThrownBy(() -> await(accepted)).isInstanceOf(AuthenticationException.class)
                        .hasMessageContaining("garbage frame header");
            } finally {
                Sockets.closeQuietly(raw);
            }
        }
    }

    /** Sends one large message, which makes the reader attach the writer's ring. */
    private static void attachRing(Ends ends) {
        CompletableFuture<Void> sending = sendAsync(ends.client(), new byte[MIB]);
        assertThat(ends.server().recvBytes()).hasSize(MIB);
        await(sending);
        assertThat(channel(ends.client()).writesThroughSharedMemory()).isTrue();
    }

    /** Waits for the event "the writer parks", which it does only when the ring is full. */
    private static void awaitParked(AtomicReference<Thread> writer) {
        long deadline = System.nanoTime() + Sockets.WAIT.toNanos();
        while (writer.get() == null || writer.get().getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as("the writer parks on a full ring").isLessThan(deadline);
            LockSupport.parkNanos(100_000);
        }
    }

    /** Sends on another thread: a frame that goes through the socket may not fit its buffer. */
    private static CompletableFuture<Void> sendAsync(Connection connection, byte[] message) {
        return async("send", () -> {
            connection.sendBytes(message);
            return null;
        });
    }

    static FramedChannel channel(Connection connection) {
        return ((ChannelBacked) connection).channel();
    }

    static List<byte[]> mixedSizes(Random random) {
        int[] sizes = {1, 64 * KIB - 1, MIB, 0, 64 * KIB, 5 * MIB + 7, 100, 200 * KIB, 3, 2 * MIB, 64 * KIB + 1, 1};
        List<byte[]> messages = new ArrayList<>();
        for (int size : sizes) {
            byte[] message = new byte[size];
            random.nextBytes(message);
            messages.add(message);
        }
        return messages;
    }

    static byte[] pattern(int size, int seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static void assertSame(byte[] actual, byte[] expected, int index) {
        assertThat(actual).as("length of message %d", index).hasSize(expected.length);
        assertThat(Arrays.mismatch(actual, expected)).as("first differing byte of message %d", index).isEqualTo(-1);
    }

    private static byte[] offer(int capacity, String name) {
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(18 + nameBytes.length).putInt(RING_OFFER).putInt(capacity).putLong(42)
                .putShort((short) nameBytes.length).put(nameBytes).array();
    }

    /** @return the ring files of this process in the shared-memory directory */
    static Set<String> ownRingFiles() throws IOException {
        String prefix = ProcessHandle.current().pid() + "-";
        try (Stream<Path> files = Files.list(RuntimeDirectory.sharedMemory())) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(prefix) && name.endsWith(".ring")).collect(Collectors.toSet());
        }
    }

    /** @return the ring files this process has mapped */
    static Set<String> ringMappings() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(line -> line.contains(".ring")).map(line -> line.substring(line.indexOf('/')))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
