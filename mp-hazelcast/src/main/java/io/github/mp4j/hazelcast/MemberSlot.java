package io.github.mp4j.hazelcast;

import com.hazelcast.cluster.Member;
import io.github.mp4j.pool.WorkerInfo;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@link ClusterPool} knows of one member that runs chunks: how many workers it has, the
 * chunks it holds now (sent, or waiting in its outbox for the next message) and the messages on
 * their way. Guarded by the pool's scheduler lock, counters aside.
 *
 * <p><b>Batching.</b> A chunk given to a member goes into its outbox; the outbox leaves as one
 * message ({@link ChunkTask}) whenever fewer than {@link #maxMessages()} messages are on their
 * way to the member. So a member's first chunks travel at once, each alone, and while those are
 * out the next ones gather and go together: single-task calls submitted in a stream cost one
 * Hazelcast message per batch, not per task. A message holds at most
 * {@link #BATCH_NANOS_PER_WORKER} per worker of estimated work, so the tasks of a batch, whose
 * results come back together, do not wait long for each other; a chunk whose tasks' time is not
 * known yet goes alone.
 */
final class MemberSlot {

    /** Estimated work, per worker of the member, one message or the member's window may hold. */
    static final long BATCH_NANOS_PER_WORKER = 10_000_000L;
    /** Tasks per worker a member may hold at most, however short. */
    static final int MAX_TASKS_PER_WORKER = 256;

    /** A chunk given to this member; settled exactly once, by its reply or by the member's loss. */
    static final class Dispatch {
        final ClusterCall.Chunk chunk;
        final MemberSlot slot;
        final byte[] request;
        final AtomicBoolean settled = new AtomicBoolean();
        volatile Message message;

        Dispatch(ClusterCall.Chunk chunk, MemberSlot slot, byte[] request) {
            this.chunk = chunk;
            this.slot = slot;
            this.request = request;
        }

        boolean settle() {
            return settled.compareAndSet(false, true);
        }

        /** @return the estimated work of its tasks, or NaN if their time is not known yet */
        double estimatedNanos() {
            return chunk.items().length * chunk.call().time.nanosPerTask();
        }
    }

    /** One executor message to the member: the chunks it carries, answered together. */
    static final class Message {
        final List<Dispatch> dispatches;
        volatile Future<byte[][]> future;

        Message(List<Dispatch> dispatches) {
            this.dispatches = dispatches;
        }
    }

    final Member member;
    final String name;
    final int workers;
    final Instant joined = Instant.now();
    final Set<Dispatch> running = new HashSet<>();
    final ArrayDeque<Dispatch> outbox = new ArrayDeque<>();
    final AtomicLong tasksDone = new AtomicLong();
    final AtomicLong tasksFailed = new AtomicLong();
    /** Tasks of the chunks it holds. */
    int runningTasks;
    /** Messages on their way to it or back. */
    final Set<Message> messages = new HashSet<>();
    boolean lost;

    MemberSlot(Member member, int workers) {
        this.member = member;
        this.name = ClusterMember.describe(member);
        this.workers = workers;
    }

    /** @return how many more chunks it should get before one of its workers is free */
    int free() {
        return workers - running.size();
    }

    /**
     * @param nanosPerTask the time estimate of the next chunk's tasks, NaN if unknown
     * @return whether it may take one more chunk: two per worker plus two, so that the next chunks
     *     wait in the member's pool, not on the network, when a worker finishes one; and, for tasks
     *     known to be short, as many as make {@link #BATCH_NANOS_PER_WORKER} of work per worker (at
     *     most {@link #MAX_TASKS_PER_WORKER}), so that single-task calls keep the workers busy in
     *     spite of each message's round trip, while long tasks are not queued on one member when
     *     another may soon be free
     */
    boolean canTake(double nanosPerTask) {
        if (lost) {
            return false;
        }
        if (running.size() < 2 * workers + 2) {
            return true;
        }
        if (Double.isNaN(nanosPerTask)) {
            return false;
        }
        double perWorker = Math.min(MAX_TASKS_PER_WORKER, BATCH_NANOS_PER_WORKER / Math.max(1.0, nanosPerTask));
        return runningTasks < perWorker * workers;
    }

    /** @return how many messages may be on their way to it at once: as many as the chunks its window allows at least */
    int maxMessages() {
        return 2 * workers + 2;
    }

    /**
     * Takes the next message's chunks from the outbox: the first one, then more while their
     * estimated work stays within the batch limit. Chunks settled meanwhile (their member was
     * declared lost, their call ended) are dropped.
     *
     * @return the chunks, or an empty list if the outbox holds none to send
     */
    List<Dispatch> nextBatch() {
        List<Dispatch> batch = new ArrayList<>();
        double budget = (double) BATCH_NANOS_PER_WORKER * workers;
        double work = 0;
        while (!outbox.isEmpty()) {
            Dispatch next = outbox.peekFirst();
            if (next.settled.get()) {
                outbox.pollFirst();
                continue;
            }
            double estimate = next.estimatedNanos();
            if (!batch.isEmpty() && (Double.isNaN(estimate) || Double.isNaN(work) || work + estimate > budget)) {
                break;
            }
            batch.add(outbox.pollFirst());
            work += estimate;
        }
        return batch;
    }

    WorkerInfo info() {
        String pid = member.getAttribute(ClusterMember.PID_ATTRIBUTE);
        return new WorkerInfo("member " + member.getAddress(), pid == null ? -1 : Long.parseLong(pid),
                lost ? "stopping" : running.isEmpty() ? "idle" : "busy", joined, tasksDone.get(), null);
    }

    /**
     * @param member a cluster member
     * @return its worker count, or 0 if it runs no mp4j pool (a plain member, a lite member)
     */
    static int workersOf(Member member) {
        String value = member.getAttribute(ClusterMember.WORKERS_ATTRIBUTE);
        if (value == null || member.isLiteMember()) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
