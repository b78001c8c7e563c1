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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The one object the caller hands to Hazelcast's executor: a chunk as mp4j bytes (see
 * {@link ChunkWire}), run on the member by its local pool. Hazelcast serializes it with Java
 * serialization, which here only ever carries one {@code byte[]}.
 */
final class ChunkTask implements Callable<byte[]>, Serializable, HazelcastInstanceAware {

    private static final long serialVersionUID = 1L;

    private final byte[] request;
    private transient HazelcastInstance member;

    ChunkTask(byte[] request) {
        this.request = request;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.member = instance;
    }

    @Override
    public byte[] call() {
        return ObjectCodec.encode(run());
    }

    private ChunkWire.Reply run() {
        String where = ClusterMember.describe(member.getCluster().getLocalMember());
        if (!(member.getUserContext().get(ClusterMember.POOL_KEY) instanceof ProcessPool pool)) {
            return ChunkWire.Reply.error("member " + where + " runs no mp4j pool: start members with ClusterMember"
                    + " (or mp.hazelcast.role=member), not as plain Hazelcast members");
        }
        ChunkWire.Request chunk;
        try {
            chunk = (ChunkWire.Request) ObjectCodec.decode(request);
        } catch (SerializationException e) {
            return ChunkWire.Reply.error("member " + where + " cannot read the chunk: " + e.getMessage()
                    + ". Every member needs the application's classes on its class path (the same jar as the caller)");
        }
        return runOn(pool, chunk);
    }

    private static ChunkWire.Reply runOn(ProcessPool pool, ChunkWire.Request chunk) {
        long start = System.nanoTime();
        CallOptions labelled = CallOptions.UNLABELLED.equals(chunk.label()) ? CallOptions.defaults() : CallOptions.labelled(chunk.label());
        CallOptions options = labelled.withTaskTimeout(Duration.ofMillis(chunk.taskTimeoutMillis()));
        AsyncResult<List<TaskOutcome<Object>>> result = pool.mapOutcomesAsync(chunk.function(), Arrays.asList(chunk.items()), options);
        List<TaskOutcome<Object>> outcomes;
        try {
            outcomes = result.get();
        } catch (MpInterruptedException e) {
            // the caller cancelled with interruption: stop the workers running this chunk too
            result.cancel(true);
            throw e;
        }
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
        return new ChunkWire.Reply(values, failures, System.nanoTime() - start, null);
    }
}
