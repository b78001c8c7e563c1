package io.github.mp4j.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.AuthenticationException;
import io.github.mp4j.connection.ConnectionException;
import io.github.mp4j.connection.ConnectionOptions;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.serial.SerializationException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.example.gadget.Order;
import org.example.gadget.TripwireLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The object server's TCP endpoint keeps serving its other clients, on a connection opened before
 * and on new ones, through every kind of hostile or failing client; none of them gets anything
 * executed, and each leaves no thread or file descriptor behind.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public class HostileClientsTest {

    private static final byte[] KEY = "hostile clients test key 0123456789".getBytes(StandardCharsets.US_ASCII);
    /**
     * An id no concept of mp4j and no other test uses (ObjectServerServicesTest takes 120 and
     * expects none at 121): echoes what it decodes, or says why it refused it.
     */
    private static final int ECHO = 117;
    private static final ConnectionOptions LIMITS = new ConnectionOptions(1 << 20, Duration.ofSeconds(2));
    private static final Duration SETTLE = Duration.ofSeconds(30);

    /** What the echo service serves. */
    private record Echo(String name) {
    }

    static {
        ObjectServer.registerService(ECHO, "echo", Echo.class, (echo, argument, channel) -> {
            try {
                while (true) {
                    byte[] frame = channel.read();
                    Object reply;
                    try {
                        reply = channel.decode(frame);
                    } catch (SerializationException e) {
                        reply = "refused: " + e.getMessage();
                    }
                    channel.write(ByteBuffer.wrap(ObjectCodec.encode(reply)));
                }
            } catch (ConnectionException e) {
                return false;
            }
        });
    }

    private static Address address;
    private static long echoId;
    private FramedChannel regular;
    private int fdsBefore;
    private int threadsBefore;

    @BeforeAll
    static void serveOnTcp() {
        address = ObjectServer.local().listen(Address.tcp("127.0.0.1", 0), KEY, LIMITS);
        echoId = ObjectServer.local().register(new Echo("echo"));
    }

    @AfterAll
    static void stopServing() {
        ObjectServer.local().stopListening(address);
        ObjectServer.local().unregister(echoId);
    }

    @BeforeEach
    void connectTheRegularClient() {
        regular = connect(KEY);
        assertThat(call(regular, "warm-up")).isEqualTo("warm-up");
        FramedChannel other = connect(KEY);
        assertThat(call(other, "warm-up")).isEqualTo("warm-up");
        int withOther = serverThreads();
        other.close();
        awaitSettled("the warm-up's server thread", HostileClientsTest::serverThreads, withOther - 1);
        threadsBefore = serverThreads();
        fdsBefore = openFds();
    }

    @AfterEach
    void regularAndNewClientsAreServedAndNothingLeaked() {
        assertThat(call(regular, List.of("still", "served"))).as("the connection opened before").isEqualTo(List.of("still", "served"));
        FramedChannel fresh = connect(KEY);
        assertThat(call(fresh, 42)).as("a new connection").isEqualTo(42);
        fresh.close();
        regular.close();
        awaitSettled("threads serving connections", HostileClientsTest::serverThreads, threadsBefore - 1);
        awaitSettled("open file descriptors", HostileClientsTest::openFds, fdsBefore - 1);
    }

    @Test
    void aWrongKey() {
        assertThatThrownBy(() -> connect("not the key".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("auth key");
    }

    @Test
    void anEmptyKey() throws IOException {
        try (FramedChannel channel = new FramedChannel(FramedChannel.openSocket(address), 1 << 20)) {
            assertThatThrownBy(() -> Handshake.asClient(channel, new byte[0], LIMITS))
                    .isInstanceOf(AuthenticationException.class);
        }
    }

    @Test
    void garbageBeforeTheHandshake() throws IOException {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        for (byte[] bytes : List.of(garbage, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII))) {
            try (SocketChannel raw = SocketChannel.open(address.socketAddress())) {
                writeFully(raw, ByteBuffer.wrap(bytes));
                assertThat(readUntilClosed(raw)).as("the server hangs up").isTrue();
            }
        }
    }

    @Test
    void aReplayedHandshake() throws IOException {
        byte[] challenge;
        byte[] answer;
        try (SocketChannel first = SocketChannel.open(address.socketAddress())) {
            challenge = readFrame(first);
            answer = answerOfARealClient(challenge);
        }
        try (SocketChannel replay = SocketChannel.open(address.socketAddress())) {
            assertThat(readFrame(replay)).as("a fresh challenge").isNotEqualTo(challenge);
            writeFully(replay, frame(answer));
            assertThat(new String(readFrame(replay), StandardCharsets.US_ASCII)).isEqualTo("#FAILURE#");
            assertThat(readUntilClosed(replay)).isTrue();
        }
    }

    @Test
    void anOversizedFrame() throws IOException {
        FramedChannel channel = connect(KEY);
        SocketChannel underneath = channelOf(channel);
        writeFully(underneath, ByteBuffer.allocate(4).putInt(64 << 20).flip());
        assertThatThrownBy(channel::read).as("the server closed the connection").isInstanceOf(ConnectionException.class);
        channel.close();
    }

    @Test
    void aClassNotOnTheAllowList() {
        FramedChannel channel = connect(KEY);
        assertThat((String) call(channel, new Order(1, 2.5))).startsWith("refused: refused to decode org.example.gadget.Order");
        assertThat(call(channel, "the same connection goes on")).isEqualTo("the same connection goes on");
        channel.close();
    }

    @Test
    void aGadgetPayload() throws Exception {
        int before = TripwireLog.total();
        FramedChannel channel = connect(KEY);
        channel.write(ByteBuffer.wrap(gadgetMadeElsewhere()));
        assertThat((String) channel.decode(channel.read())).contains("refused to decode org.example.gadget.Tripwire");
        assertThat(TripwireLog.total()).as("tripwire code run by the server").isEqualTo(before);
        channel.close();
    }

    @Test
    void aClientDyingMidCall() throws IOException {
        for (int i = 0; i < 5; i++) {
            FramedChannel channel = connect(KEY);
            channel.write(ByteBuffer.wrap(ObjectCodec.encode(new byte[512 << 10])));
            // a process that dies mid-call: the kernel resets its connections
            channelOf(channel).setOption(StandardSocketOptions.SO_LINGER, 0);
            channel.close();
        }
    }

    @Test
    void twoHundredConcurrentConnects() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(200);
        try {
            List<Future<Object>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                answers.add(clients.submit(() -> {
                    FramedChannel channel = connect(KEY);
                    try {
                        return call(channel, n);
                    } finally {
                        channel.close();
                    }
                }));
            }
            for (int i = 0; i < 200; i++) {
                assertThat(answers.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(i);
            }
        } finally {
            clients.shutdownNow();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static FramedChannel connect(byte[] key) {
        return ObjectServer.connect(address, key, ECHO, echoId, 0);
    }

    private static Object call(FramedChannel channel, Object request) {
        channel.write(ByteBuffer.wrap(ObjectCodec.encode(request)));
        return channel.decode(channel.read());
    }

    /** Plays the server to a real client, with the server's challenge, and returns the client's answer. */
    private static byte[] answerOfARealClient(byte[] challenge) throws IOException {
        try (ServerSocketChannel recorder = ServerSocketChannel.open()) {
            recorder.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<Void> victim = CompletableFuture.runAsync(() -> {
                try (FramedChannel channel = new FramedChannel(FramedChannel.openSocket(Address.of(recorder.getLocalAddress())),
                        1 << 20)) {
                    Handshake.asClient(channel, KEY, LIMITS);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (SocketChannel toVictim = recorder.accept()) {
                writeFully(toVictim, frame(challenge));
                byte[] answer = readFrame(toVictim);
                writeFully(toVictim, frame("#FAILURE#".getBytes(StandardCharsets.US_ASCII)));
                assertThatThrownBy(victim::join).hasCauseInstanceOf(AuthenticationException.class);
                return answer;
            }
        }
    }

    /**
     * A set holding a tripwire, encoded with a class loader of its own as another JVM would, so
     * that this JVM's class loader has not loaded the class.
     */
    private static byte[] gadgetMadeElsewhere() throws Exception {
        URL testClasses = TripwireLog.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader elsewhere = new URLClassLoader(new URL[] {testClasses}, ClassLoader.getPlatformClassLoader())) {
            Set<Object> set = new HashSet<>();
            set.add(elsewhere.loadClass("org.example.gadget.Tripwire").getConstructor().newInstance());
            return ObjectCodec.encode(set);
        }
    }

    public static SocketChannel channelOf(FramedChannel channel) {
        try {
            java.lang.reflect.Field link = FramedChannel.class.getDeclaredField("link");
            link.setAccessible(true);
            java.lang.reflect.Field socket = link.getType().getDeclaredField("socket");
            socket.setAccessible(true);
            return (SocketChannel) socket.get(link.get(channel));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    public static int openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Threads that serve one connection each (the acceptors and the listeners' threads are not counted). */
    public static int serverThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().matches("mp4j-object-server-\\d+")).count();
    }

    /** Polls until {@code measure} is at most {@code limit} and stops changing; fails after {@link #SETTLE}. */
    public static void awaitSettled(String what, IntSupplier measure, int limit) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        int last = measure.getAsInt();
        while (true) {
            int now = measure.getAsInt();
            if (now <= limit && now == last) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": " + now + " after " + SETTLE + ", expected at most " + limit);
            }
            last = now;
            // a short pause between polls, so that polling does not starve the threads it waits for
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
    }

    private static byte[] frame(byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    private static void writeFully(SocketChannel channel, byte[] bytes) throws IOException {
        writeFully(channel, ByteBuffer.wrap(bytes));
    }

    public static void writeFully(SocketChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private static byte[] readFrame(SocketChannel channel) throws IOException {
        ByteBuffer header = readFully(channel, 4);
        return readFully(channel, header.getInt()).array();
    }

    private static ByteBuffer readFully(SocketChannel channel, int bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bytes);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("closed after " + buffer.position() + " of " + bytes + " bytes");
            }
        }
        return buffer.flip();
    }

    /** @return true once the server has closed its end (within the handshake timeout at most) */
    public static boolean readUntilClosed(SocketChannel channel) throws IOException {
        ByteBuffer sink = ByteBuffer.allocate(4096);
        try {
            while (channel.read(sink) >= 0) {
                sink.clear();
            }
        } catch (IOException reset) {
            return true;
        }
        return true;
    }
}
