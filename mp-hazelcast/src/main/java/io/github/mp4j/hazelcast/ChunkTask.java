package io.github.mp4j.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.pool.AsyncResult;
import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.TaskFailedException;
import io.github.mp4j.pool.TaskOutcome;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.serial.SerializationException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The one object the caller hands to Hazelcast's executor: a batch of chunks as mp4j bytes (see
 * {@link ChunkWire}), run on the member by its local pool, all at once, answered together.
 * Hazelcast serializes it with Java serialization, which here only ever carries {@code byte[]}s.
 */
final class ChunkTask implements Callable<byte[][]>, Serializable, HazelcastInstanceAware {

    private static final long serialVersionUID = 2L;

    private final byte[][] requests;
    private transient HazelcastInstance member;

    ChunkTask(byte[][] requests) {
        this.requests = requests;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.member = instance;
    }

    @Override
    public byte[][] call() {
        long start = System.nanoTime();
        String where = ClusterMember.describe(member.getCluster().getLocalMember());
        ChunkWire.Reply[] replies = new ChunkWire.Reply[requests.length];
        if (!(member.getUserContext().get(ClusterMember.POOL_KEY) instanceof ProcessPool pool)) {
            Arrays.fill(replies, ChunkWire.Reply.error("member " + where + " runs no mp4j pool: start members with ClusterMember"
                    + " (or mp.hazelcast.role=member), not as plain Hazelcast members"));
            return encode(replies);
        }
        List<AsyncResult<List<TaskOutcome<Object>>>> running = new ArrayList<>(Collections.nCopies(requests.length, null));
        try {
            for (int i = 0; i < requests.length; i++) {
                try {
                    running.set(i, submit(pool, (ChunkWire.Request) ObjectCodec.decode(requests[i])));
                } catch (SerializationException e) {
                    replies[i] = ChunkWire.Reply.error("member " + where + " cannot read the chunk: " + e.getMessage()
                            + ". Every member needs the application's classes on its class path (the same jar as the caller)");
                }
            }
            for (int i = 0; i < requests.length; i++) {
                if (running.get(i) != null) {
                    replies[i] = reply(running.get(i).get(), System.nanoTime() - start);
                }
            }
        } catch (MpInterruptedException e) {
            // the caller cancelled with interruption: stop the workers running these chunks too
            for (AsyncResult<?> result : running) {
                if (result != null) {
                    result.cancel(true);
                }
            }
            throw e;
        }
        return encode(replies);
    }

    private static AsyncResult<List<TaskOutcome<Object>>> submit(ProcessPool pool, ChunkWire.Request chunk) {
        CallOptions labelled = CallOptions.UNLABELLED.equals(chunk.label()) ? CallOptions.defaults() : CallOptions.labelled(chunk.label());
        CallOptions options = labelled.withTaskTimeout(Duration.ofMillis(chunk.taskTimeoutMillis()));
        return pool.mapOutcomesAsync(Functions.received(chunk.function()), Arrays.asList(chunk.items()), options);
    }

    private static ChunkWire.Reply reply(List<TaskOutcome<Object>> outcomes, long nanos) {
        Object[] values = new Object[outcomes.size()];
        TaskFailedException[] failures = new TaskFailedException[outcomes.size()];
        for (int i = 0; i < values.length; i++) {
            TaskOutcome<Object> outcome = outcomes.get(i);
            if (outcome.succeeded()) {
                values[i] = outcome.value();
            } else {
                failures[i] = outcome.failure();
            }
        }
        return new ChunkWire.Reply(values, failures, nanos, null);
    }

    /** Each reply on its own, so that one result the member cannot encode fails only its chunk. */
    private static byte[][] encode(ChunkWire.Reply[] replies) {
        byte[][] encoded = new byte[replies.length][];
        for (int i = 0; i < replies.length; i++) {
            try {
                encoded[i] = ObjectCodec.encode(replies[i]);
            } catch (SerializationException e) {
                encoded[i] = ObjectCodec.encode(ChunkWire.Reply.error("a result of the chunk cannot be sent back: " + e.getMessage()));
            }
        }
        return encoded;
    }
}
