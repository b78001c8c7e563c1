package io.github.mp4j.hazelcast;

import com.hazelcast.cluster.Member;
import io.github.mp4j.pool.WorkerInfo;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@link ClusterPool} knows of one member that runs chunks: how many workers it has, and
 * the chunks it holds now. Guarded by the pool's scheduler lock, counters aside.
 */
final class MemberSlot {

    /** A chunk sent to this member; settled exactly once, by its reply or by the member's loss. */
    static final class Dispatch {
        final ClusterCall.Chunk chunk;
        final MemberSlot slot;
        final AtomicBoolean settled = new AtomicBoolean();
        volatile Future<byte[]> future;

        Dispatch(ClusterCall.Chunk chunk, MemberSlot slot) {
            this.chunk = chunk;
            this.slot = slot;
        }

        boolean settle() {
            return settled.compareAndSet(false, true);
        }
    }

    final Member member;
    final String name;
    final int workers;
    final Instant joined = Instant.now();
    final Set<Dispatch> running = new HashSet<>();
    final AtomicLong tasksDone = new AtomicLong();
    final AtomicLong tasksFailed = new AtomicLong();
    /** Tasks of the chunks it holds. */
    int runningTasks;
    boolean lost;

    static final int TASKS_PER_WORKER = 16;
    static final int MAX_CHUNKS_PER_WORKER = 16;

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
     * @return whether it may take one more chunk: two per worker plus two, so that the next chunks
     *     wait in the member's pool, not on the network, when a worker finishes one; and while the
     *     chunks are small, up to {@value #TASKS_PER_WORKER} tasks per worker, so that single-task
     *     calls keep the workers busy in spite of each chunk's round trip
     */
    boolean canTake() {
        if (lost || running.size() >= MAX_CHUNKS_PER_WORKER * workers) {
            return false;
        }
        return running.size() < 2 * workers + 2 || runningTasks < TASKS_PER_WORKER * workers;
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
