package io.github.mp4j.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.connection.ConnectionClosedException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a Unix-socket channel waits: replies arrive whether the peer answers at once or late, a
 * reader waiting for nothing costs no CPU (any future spinning before blocking must stay short), a
 * full socket holds a writer until the reader drains it, and closing wakes a waiting reader.
 */
class ChannelWaitsTest {

    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private FramedChannelPair pair;

    @BeforeEach
    void connect() throws Exception {
        pair = FramedChannelPair.open();
    }

    @AfterEach
    void close() {
        pair.close();
    }

    @Test
    void repliesArriveWhetherThePeerAnswersAtOnceOrLate() throws Exception {
        int rounds = 3000;
        CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < rounds; i++) {
                byte[] frame = pair.server().read();
                if (i % 500 == 499) {
                    // the peer's work for this reply: long enough for the reader to give up spinning
                    sleepMillis(3);
                }
                pair.server().write(ByteBuffer.wrap(frame));
            }
        });
        for (int i = 0; i < rounds; i++) {
            pair.client().write(ByteBuffer.allocate(4).putInt(0, i));
            assertThat(ByteBuffer.wrap(pair.client().read()).getInt()).isEqualTo(i);
        }
        echo.get(1, TimeUnit.MINUTES);
    }

    @Test
    void anIdleReaderCostsNoCpu() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        AtomicLong readerId = new AtomicLong();
        CountDownLatch reading = new CountDownLatch(1);
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            readerId.set(Thread.currentThread().getId());
            reading.countDown();
            return pair.server().read();
        });
        assertThat(reading.await(1, TimeUnit.MINUTES)).isTrue();
        long windowMillis = 600;
        long cpuBefore = threads.getThreadCpuTime(readerId.get());
        sleepMillis(windowMillis); // the window the reader's CPU time is measured over, not a synchronisation
        long cpuNanos = threads.getThreadCpuTime(readerId.get()) - cpuBefore;

        assertThat(cpuNanos).as("CPU a reader waiting for nothing burnt in %d ms", windowMillis)
                .isLessThan(TimeUnit.MILLISECONDS.toNanos(windowMillis) / 20);
        pair.client().write(ByteBuffer.wrap(new byte[] {7}));
        assertThat(read.get(1, TimeUnit.MINUTES)).containsExactly(7);
    }

    @Test
    void aWriterWaitsForRoomUntilTheReaderDrainsTheSocket() throws Exception {
        byte[] large = new byte[24 << 20];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31 + (i >>> 13));
        }
        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
            pair.client().write(ByteBuffer.wrap(large));
            pair.client().write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        });
        assertThat(Arrays.equals(pair.server().read(), large)).as("the large frame arrived whole").isTrue();
        assertThat(pair.server().read()).containsExactly(1, 2, 3);
        write.get(1, TimeUnit.MINUTES);
    }

    @Test
    void closingWakesAWaitingReader() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            reading.countDown();
            return pair.server().read();
        });
        assertThat(reading.await(1, TimeUnit.MINUTES)).isTrue();

        pair.server().close("closed by the test");

        Throwable failure = read.handle((frame, e) -> e).get(MINUTE_NANOS, TimeUnit.NANOSECONDS);
        assertThat(failure).hasCauseInstanceOf(ConnectionClosedException.class).hasMessageContaining("closed by the test");
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
