package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.connection.Connection;
import io.github.mp4j.connection.ConnectionClosedException;
import io.github.mp4j.connection.Pipe;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.resource.RuntimeDirectory;
import io.github.mp4j.transport.ChannelBacked;
import io.github.mp4j.transport.FramedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Large messages between the test JVM and real child JVMs through shared memory, and what is left when one dies. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SharedMemoryAcrossProcessesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int KIB = 1 << 10;
    private static final int MIB = 1 << 20;
    private static final int[] SIZES = {1, 64 * KIB - 1, MIB, 0, 64 * KIB, 5 * MIB + 7, 100, 200 * KIB, 3, 2 * MIB, 1};

    /** Kills and waits for this test's children, then checks that no mp4j child JVM is left. */
    @RegisterExtension
    final ChildReaper children = new ChildReaper();
    private final ExecutorService background = Executors.newCachedThreadPool();

    @AfterEach
    void stopBackgroundWork() {
        background.shutdownNow();
    }

    @Test
    void largeMessagesMakeTheRoundTripThroughAChildIntactAndInOrderThroughSharedMemoryBothWays() throws Exception {
        Pipe pipe = Mp.pipe();
        Connection here = pipe.left();
        ChildProcess child = children.start(Mp.process(SharedMemoryAcrossProcessesTest::echoThenReport, pipe.right()));
        List<byte[]> messages = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int size : SIZES) {
                messages.add(pattern(size == 0 ? 1 : size, messages.size()));
            }
        }

        here.sendBytes(new byte[] {1});
        assertThat(here.recvBytes()).as("the pipe is connected").containsExactly(1);
        Future<?> sending = background.submit(() -> messages.forEach(here::sendBytes));
        for (int i = 0; i < messages.size(); i++) {
            assertSame(here.recvBytes(), messages.get(i), i);
        }
        sending.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        here.sendBytes(new byte[0]);

        assertThat(here.<List<Boolean>>recv()).as("the child writes and reads through shared memory").containsExactly(true, true);
        assertThat(channel(here).writesThroughSharedMemory()).isTrue();
        assertThat(channel(here).readsThroughSharedMemory()).isTrue();
        assertExitsNormally(child);
    }

    @Test
    void largeItemsPutOnAQueueByAChildArriveIntactAndInOrder() {
        ProcessQueue<Object> queue = Mp.queue();
        ChildProcess child = children.start(Mp.process(SharedMemoryAcrossProcessesTest::putMixed, queue));

        for (int i = 0; i < 2 * SIZES.length; i++) {
            assertSame((byte[]) queue.get(WAIT), pattern(SIZES[i % SIZES.length], i), i);
            assertThat(queue.get(WAIT)).isEqualTo("after " + i);
        }
        assertExitsNormally(child);
    }

    @Test
    void aParentWaitingForRoomInTheRingFailsWhenTheReadingChildIsKilledAndLeavesNothingBehind() throws Exception {
        Set<String> mappingsBefore = ringMappings();
        Pipe pipe = Mp.pipe();
        Connection here = pipe.left();
        ChildProcess child = children.start(Mp.process(SharedMemoryAcrossProcessesTest::readOneThenStall, pipe.right()));
        here.sendBytes(new byte[MIB]);
        assertThat(here.<String>recv()).isEqualTo("stalled");
        AtomicReference<Thread> writer = new AtomicReference<>();
        Future<?> sending = background.submit(() -> {
            writer.set(Thread.currentThread());
            byte[] block = new byte[MIB];
            while (true) {
                here.sendBytes(block);
            }
        });
        awaitParked(writer);

        child.kill();

        assertThatThrownBy(() -> sending.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ConnectionClosedException.class);
        assertThat(child.join(WAIT)).isTrue();
        assertThat(ringFilesOf(ProcessHandle.current().pid(), child.pid())).isEmpty();
        assertThat(ringMappings()).isSubsetOf(mappingsBefore);
    }

    @Test
    void whenAWritingChildIsKilledTheParentGetsWhatWasSentThenTheEndAndNothingIsLeftBehind() {
        Set<String> mappingsBefore = ringMappings();
        Pipe pipe = Mp.pipe();
        Connection here = pipe.left();
        ChildProcess child = children.start(Mp.process(SharedMemoryAcrossProcessesTest::sendNumberedForever, pipe.right()));
        for (int i = 0; i < 5; i++) {
            assertThat(ByteBuffer.wrap(here.recvBytes()).getInt()).isEqualTo(i);
        }
        assertThat(channel(here).readsThroughSharedMemory()).isTrue();

        child.kill();

        int next = 5;
        try {
            while (true) {
                assertThat(ByteBuffer.wrap(here.recvBytes()).getInt()).as("blocks in order").isEqualTo(next++);
            }
        } catch (ConnectionClosedException expected) {
            assertThat(here.isClosed()).isTrue();
        }
        assertThat(child.join(WAIT)).isTrue();
        assertThat(ringFilesOf(child.pid())).isEmpty();
        assertThat(ringMappings()).isSubsetOf(mappingsBefore);
    }

    @Test
    void aRingFileLeftByAKilledProcessIsRemovedByTheNextProcessThatUsesTheDirectory() throws IOException {
        ChildProcess gone = children.start(Mp.process(() -> { }));
        assertExitsNormally(gone);
        Path leftover = RuntimeDirectory.sharedMemory().resolve(gone.pid() + "-1-crashed.ring");
        Files.write(leftover, new byte[4096]);

        assertExitsNormally(children.start(Mp.process(RuntimeDirectory::sharedMemory)));

        assertThat(leftover).doesNotExist();
    }

    static void echoThenReport(Connection end) {
        for (byte[] message = end.recvBytes(); message.length > 0; message = end.recvBytes()) {
            end.sendBytes(message);
        }
        end.send(List.of(channel(end).writesThroughSharedMemory(), channel(end).readsThroughSharedMemory()));
    }

    static void putMixed(ProcessQueue<Object> queue) {
        for (int i = 0; i < 2 * SIZES.length; i++) {
            queue.put(pattern(SIZES[i % SIZES.length], i));
            queue.put("after " + i);
        }
    }

    static void readOneThenStall(Connection end) {
        end.recvBytes();
        end.send("stalled");
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sendNumberedForever(Connection end) {
        byte[] block = new byte[MIB];
        for (int i = 0; ; i++) {
            ByteBuffer.wrap(block).putInt(i);
            end.sendBytes(block);
        }
    }

    private static FramedChannel channel(Connection connection) {
        return ((ChannelBacked) connection).channel();
    }

    /** Waits for the event "the writer parks", which it does only when the ring is full. */
    private static void awaitParked(AtomicReference<Thread> writer) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (writer.get() == null || writer.get().getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as("the writer parks on a full ring").isLessThan(deadline);
            LockSupport.parkNanos(100_000);
        }
    }

    private static byte[] pattern(int size, int seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static void assertSame(byte[] actual, byte[] expected, int index) {
        assertThat(actual).as("length of message %d", index).hasSize(expected.length);
        assertThat(Arrays.mismatch(actual, expected)).as("first differing byte of message %d", index).isEqualTo(-1);
    }

    private void assertExitsNormally(ChildProcess child) {
        assertThat(child.join(WAIT)).as("%s exits", child).isTrue();
        assertThat(child.exitCode()).as("exit code of %s", child).isZero();
    }

    private static List<String> ringFilesOf(long... pids) {
        try (Stream<Path> files = Files.list(RuntimeDirectory.sharedMemory())) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".ring") && Arrays.stream(pids).anyMatch(pid -> name.startsWith(pid + "-")))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the ring files this process has mapped */
    private static Set<String> ringMappings() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(line -> line.contains(".ring")).map(line -> line.substring(line.indexOf('/')))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
