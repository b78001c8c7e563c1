package io.github.mp4j.queue.internal;

import io.github.mp4j.resource.MappedSegment;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.transport.FramedChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The owner's side of one connection on which a consumer in another process takes items in
 * batches ({@link QueueProtocol#OP_TAKE_SOME}): the batch lent last, and the consumer's taken
 * counter, mapped here. The counter is one int64 in shared memory that both processes change
 * only by compare-and-set:
 * <pre>
 *  +-----------------------------+-----------------------------+
 *  | limit (bits 63..32)          | taken (bits 31..0)           |
 *  +-----------------------------+-----------------------------+
 *  limit: items of the batch the consumer may take; taken: items its gets returned
 * </pre>
 * The owner sets {@code (batch size, 0)} before it sends a batch. A consumer's {@code get} adds 1
 * to {@code taken} while it is below {@code limit}, before it returns the item. The owner
 * <i>recalls</i> a batch by setting {@code limit} to {@code taken}: from then on the consumer
 * takes none of it, and the items after {@code taken} go back to the head of the queue. The
 * owner recalls every lent batch when a getter found the queue empty for
 * {@link QueueState#RECALL_AFTER_NANOS} (at once if it may not wait), and a connection's batch
 * when the connection ends (a closed handle, an interrupted get, a consumer that exited or was
 * killed: the counter's memory outlives the consumer's process). So every item is returned by
 * exactly one {@code get}, and no item waits in a consumer while another getter waits for one
 * longer than that.
 *
 * <p>Everything but {@link #answer} runs under the queue's lock.
 */
final class Lending {

    private final QueueState state;
    private MappedSegment counter;
    /** The batch lent last; guarded by the queue's lock. */
    private List<Object> lastBatch = List.of();

    Lending(QueueState state) {
        this.state = state;
    }

    /**
     * Answers one batched get.
     *
     * @param channel the connection
     * @param fields the request after its header: the limits, then the counter's name on the first
     * @param timeout how long to wait for the first item
     * @return {@code false} if the request was refused and the connection should end
     */
    boolean answer(FramedChannel channel, ByteBuffer fields, long timeout) throws InterruptedException {
        int maxCount = fields.getInt();
        int maxBytes = fields.getInt();
        String refusal = counter == null ? mapCounter(fields) : null;
        if (refusal != null) {
            QueueState.reply(channel, QueueProtocol.ERROR, refusal.getBytes(StandardCharsets.UTF_8));
            return false;
        }
        List<Object> batch = state.takeSome(this, timeout, maxCount, maxBytes);
        if (batch.isEmpty()) {
            QueueState.reply(channel, QueueProtocol.EMPTY, null);
            return true;
        }
        // lent before it is written: if the write fails, the end of the connection gives it back
        channel.write(encode(batch));
        return true;
    }

    private String mapCounter(ByteBuffer fields) {
        if (state.maxSize() > 0) {
            return "a bounded queue hands out one item per get, so that its bound counts every item";
        }
        String name = StandardCharsets.UTF_8.decode(fields).toString();
        try {
            counter = MappedSegment.open(name, QueueProtocol.COUNTER_SUFFIX, QueueProtocol.COUNTER_BYTES);
        } catch (IOException | IllegalArgumentException e) {
            return "the consumer's taken counter cannot be mapped here (" + e.getMessage() + ")";
        }
        // both processes have it mapped now: the name is no longer needed, and nothing is left behind
        counter.unlink();
        state.startLending(this);
        return null;
    }

    /**
     * Lends a batch: the consumer may take all of it. Under the queue's lock.
     *
     * @param batch the items, oldest first
     */
    void lend(List<Object> batch) {
        lastBatch = batch;
        counter.setLongRelease(0, (long) batch.size() << 32);
    }

    /**
     * Takes back what the consumer has not taken of the last batch; it will take none of it.
     * Under the queue's lock.
     *
     * @return those items, oldest first
     */
    List<Object> recall() {
        if (lastBatch.isEmpty()) {
            return List.of();
        }
        int taken;
        while (true) {
            long value = counter.getLongAcquire(0);
            taken = (int) value;
            int limit = (int) (value >>> 32);
            if (taken >= limit || counter.compareAndSetLong(0, value, ((long) taken << 32) | taken)) {
                break;
            }
        }
        List<Object> back = lastBatch.subList(Math.min(taken, lastBatch.size()), lastBatch.size());
        lastBatch = List.of();
        return back;
    }

    private static ByteBuffer encode(List<Object> batch) {
        byte[][] encoded = new byte[batch.size()][];
        int bytes = 1 + 4;
        for (int i = 0; i < encoded.length; i++) {
            Object item = batch.get(i);
            encoded[i] = item instanceof RawBytes raw ? ObjectCodec.encode(raw.value()) : (byte[]) item;
            bytes += 4 + encoded[i].length;
        }
        ByteBuffer answer = ByteBuffer.allocate(bytes).put(QueueProtocol.OK).putInt(encoded.length);
        for (byte[] item : encoded) {
            answer.putInt(item.length).put(item);
        }
        return answer.flip();
    }

    /** The connection ended: what the consumer did not take goes back to the queue. */
    void end() {
        if (counter != null) {
            state.endLending(this);
            counter.close();
        }
    }
}
