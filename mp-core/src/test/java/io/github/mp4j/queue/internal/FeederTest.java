package io.github.mp4j.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.transport.FramedChannel;
import io.github.mp4j.transport.FramedChannelPair;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The feeder of a producer process: items leave in order, and unsent items never pile up without bound. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FeederTest {

    private static final int ITEM_BYTES = 1 << 10;
    /** 32 MiB: far more than the feeder's two buffers and the socket's buffers (4 MiB each way) hold. */
    private static final int ITEMS = 32 << 10;
    /** How long a producer that cannot go on must have been waiting, put nothing more, to be seen as blocked. */
    private static final long STABLE_MILLIS = 200;

    private FramedChannelPair channels;
    private FramedChannel producerSide;
    private FramedChannel ownerSide;

    @BeforeEach
    void connect() throws IOException {
        channels = FramedChannelPair.open();
        producerSide = channels.client();
        ownerSide = channels.server();
    }

    @AfterEach
    void close() {
        channels.close();
    }

    @Test
    void aProducerFasterThanItsOwnerWaitsInsteadOfPilingUpItemsAndNothingIsLost() throws Exception {
        Feeder feeder = new Feeder(producerSide);
        AtomicInteger sent = new AtomicInteger();
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < ITEMS; i++) {
                    byte[] item = new byte[ITEM_BYTES];
                    item[0] = (byte) i;
                    item[ITEM_BYTES - 1] = (byte) (i >> 8);
                    feeder.send(item);
                    sent.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "producer");
        producer.start();

        awaitBlockedForGood(producer, sent);
        assertThat(sent.get()).as("with an owner that reads nothing, %d KiB of puts cannot all return",
                ITEMS * ITEM_BYTES >> 10).isLessThan(ITEMS);

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

    @Test
    void closingOnAnInterruptedThreadGivesUpTheFlushAndStillClosesTheConnection() throws Exception {
        Feeder feeder = new Feeder(producerSide);
        feeder.send(new byte[] {1});
        assertThat(ownerSide.read()).containsExactly(1);
        Thread.sleep(STABLE_MILLIS); // the feeder thread is idle again: the flush writes its sync request at once

        Thread.currentThread().interrupt();
        try {
            feeder.close();
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt status, kept").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(producerSide.isClosed()).isTrue();
    }

    /**
     * Waits until the producer waits and stays waiting, having put nothing more for a while: on its
     * way there it waits briefly many times, each time the socket's buffers take another batch.
     */
    private static void awaitBlockedForGood(Thread producer, AtomicInteger sent) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int lastSent = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline && producer.isAlive()) {
            int now = sent.get();
            if (now != lastSent || producer.getState() != Thread.State.WAITING) {
                lastSent = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > TimeUnit.MILLISECONDS.toNanos(STABLE_MILLIS)) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        assertThat(producer.getState()).as("producer state after %d items", sent.get()).isEqualTo(Thread.State.WAITING);
    }
}
