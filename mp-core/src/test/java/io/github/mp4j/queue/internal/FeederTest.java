package io.github.mp4j.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.connection.internal.FramedChannel;
import io.github.mp4j.connection.internal.UnixSocketPair;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The feeder of a producer process: items leave in order, and unsent items never pile up without bound. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FeederTest {

    private static final int ITEM_BYTES = 1 << 10;
    /** 8 MiB: far more than the feeder's two buffers and the socket's buffers hold. */
    private static final int ITEMS = 8192;

    private FramedChannel producerSide;
    private FramedChannel ownerSide;

    @BeforeEach
    void connect() throws IOException {
        UnixSocketPair sockets = UnixSocketPair.open();
        producerSide = new FramedChannel(sockets.client(), Integer.MAX_VALUE - 8);
        ownerSide = new FramedChannel(sockets.server(), Integer.MAX_VALUE - 8);
    }

    @AfterEach
    void close() {
        producerSide.close();
        ownerSide.close();
    }

    @Test
    void aProducerFasterThanItsOwnerWaitsInsteadOfPilingUpItemsAndNothingIsLost() throws Exception {
        Feeder feeder = new Feeder(producerSide);
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < ITEMS; i++) {
                    byte[] item = new byte[ITEM_BYTES];
                    item[0] = (byte) i;
                    item[ITEM_BYTES - 1] = (byte) (i >> 8);
                    feeder.send(item);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "producer");
        producer.start();

        awaitState(producer, Thread.State.WAITING);
        assertThat(producer.isAlive()).as("with an owner that reads nothing, %d KiB of puts cannot all return",
                ITEMS * ITEM_BYTES >> 10).isTrue();

        for (int i = 0; i < ITEMS; i++) {
            byte[] frame = ownerSide.read();
            assertThat(frame).as("item %d", i).hasSize(ITEM_BYTES);
            assertThat(frame[0]).as("item %d in order", i).isEqualTo((byte) i);
            assertThat(frame[ITEM_BYTES - 1]).as("item %d in order", i).isEqualTo((byte) (i >> 8));
        }
        producer.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(producer.isAlive()).as("the producer finished once the owner read").isFalse();
    }

    @Test
    void anItemTooLargeForTheBuffersIsWrittenByTheProducerInItsTurn() throws Exception {
        Feeder feeder = new Feeder(producerSide);
        feeder.send(new byte[] {1});
        feeder.send(new byte[Feeder.BUFFER_BYTES]);
        feeder.send(new byte[] {3});

        assertThat(ownerSide.read()).containsExactly(1);
        assertThat(ownerSide.read()).hasSize(Feeder.BUFFER_BYTES);
        assertThat(ownerSide.read()).containsExactly(3);
    }

    @Test
    void largeItemsWrittenByTheProducerItselfStayInOrderWithSmallItemsQueuedBeforeThem() throws Exception {
        Feeder feeder = new Feeder(producerSide);
        int items = 200;
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < items; i++) {
                    if (i % 10 == 9) {
                        byte[] large = new byte[Feeder.DIRECT_BYTES + i];
                        large[0] = (byte) i;
                        feeder.sendNow(ByteBuffer.wrap(large));
                    } else {
                        feeder.send(new byte[] {(byte) i});
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "producer");
        producer.start();

        for (int i = 0; i < items; i++) {
            byte[] frame = ownerSide.read();
            assertThat(frame[0]).as("item %d in order", i).isEqualTo((byte) i);
            assertThat(frame).as("item %d", i).hasSize(i % 10 == 9 ? Feeder.DIRECT_BYTES + i : 1);
        }
        producer.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(producer.isAlive()).isFalse();
    }

    private static void awaitState(Thread thread, Thread.State state) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (thread.getState() != state && thread.isAlive() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        assertThat(thread.getState()).as("producer state").isEqualTo(state);
    }
}
