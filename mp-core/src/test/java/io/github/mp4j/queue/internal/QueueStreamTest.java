package io.github.mp4j.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.transport.FramedChannel;
import io.github.mp4j.transport.FramedChannelPair;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The owner's side of a producer's stream, over a real socket pair. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueueStreamTest {

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

    /**
     * A byte array sent as is comes in two frames. A producer that dies between them has still
     * sent the items before whole, and those must reach the queue.
     */
    @Test
    void itemsSentBeforeAByteArrayThatNeverArrivedAreKeptWhenTheProducerDies() throws Exception {
        producerSide.writeAll(List.of(ObjectCodec.encode("first"), ObjectCodec.encode("second")));
        producerSide.write(ByteBuffer.wrap(new byte[] {QueueProtocol.RAW_BYTES}));
        producerSide.close();

        // everything is in the owner's socket buffer before it reads: it reads it as one batch
        QueueState state = new QueueState(0, false);
        state.serveStream(ownerSide);
        assertThat(state.size()).isEqualTo(2);
        assertThat(ObjectCodec.decode((byte[]) state.take(0))).isEqualTo("first");
        assertThat(ObjectCodec.decode((byte[]) state.take(0))).isEqualTo("second");
    }

    @Test
    void aByteArraySentAsIsIsKeptAsTheArrayInItsPlace() throws Exception {
        QueueState state = new QueueState(0, false);
        CompletableFuture<Boolean> served = CompletableFuture.supplyAsync(
                () -> state.serveStream(ownerSide));

        producerSide.write(ByteBuffer.wrap(ObjectCodec.encode("before")));
        producerSide.writeAll(List.of(new byte[] {QueueProtocol.RAW_BYTES}, new byte[] {7, 8, 9}));
        producerSide.write(ByteBuffer.wrap(ObjectCodec.encode("after")));
        producerSide.close();

        served.get(30, TimeUnit.SECONDS);
        assertThat(ObjectCodec.decode((byte[]) state.take(0))).isEqualTo("before");
        assertThat(state.take(0)).isInstanceOfSatisfying(RawBytes.class, raw -> assertThat(raw.value()).containsExactly(7, 8, 9));
        assertThat(ObjectCodec.decode((byte[]) state.take(0))).isEqualTo("after");
    }
}
