package io.github.mp4j.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.queue.QueueEmptyException;
import io.github.mp4j.queue.QueueFullException;
import io.github.mp4j.runtime.StartMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cluster's queue, lock and counter, between a member and a client of one cluster (both in
 * this JVM: what is tested is Hazelcast's wire between them and mp4j's bytes on it), and what the
 * open-source edition does not offer.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterObjectsTest {

    private static ClusterFixture names;
    private static ClusterMember member;
    private static HazelcastInstance client;

    /** An item that is no {@code java.io.Serializable}: mp4j's codec carries it anyway. */
    record Job(String name, List<Integer> steps) {
    }

    @BeforeAll
    static void startCluster() {
        names = new ClusterFixture();
        member = ClusterMember.start(names.settings(), PoolConfig.custom().processes(1).startMethod(StartMethod.THREADS).build());
        client = HazelcastClient.newHazelcastClient(names.settings().clientConfig());
    }

    @AfterAll
    static void stopCluster() {
        if (client != null) {
            client.shutdown();
        }
        if (member != null) {
            member.close();
        }
    }

    @Test
    void aQueueCarriesMp4jItemsBetweenClientAndMember() {
        ClusterQueue<Job> put = ClusterQueue.on(client, "jobs", 2);
        ClusterQueue<Job> take = ClusterQueue.on(member.hazelcast(), "jobs", 2);
        put.put(new Job("a", List.of(1, 2)));
        put.put(null);
        assertThat(put.isFull()).isTrue();
        assertThatThrownBy(() -> put.putNowait(new Job("c", List.of()))).isInstanceOf(QueueFullException.class);
        assertThat(take.get()).isEqualTo(new Job("a", List.of(1, 2)));
        assertThat(take.get(Duration.ofSeconds(5))).isNull();
        assertThatThrownBy(() -> take.get(Duration.ofMillis(50))).isInstanceOf(QueueEmptyException.class);
        assertThat(take.maxSize()).isEqualTo(2);
        put.destroy();
    }

    @Test
    void aLockIsExclusiveAcrossTheClusterAndFreedWhenItsHolderLeaves() throws Exception {
        HazelcastInstance holder = HazelcastClient.newHazelcastClient(names.settings().clientConfig());
        ClusterLock held = ClusterLock.on(holder, "resource");
        CompletableFuture<Void> taken = CompletableFuture.runAsync(held::acquire);
        taken.get(30, TimeUnit.SECONDS);
        ClusterLock mine = ClusterLock.on(client, "resource");
        assertThat(mine.tryAcquire()).isFalse();
        assertThat(mine.isLocked()).isTrue();
        holder.shutdown();
        assertThat(mine.acquire(Duration.ofSeconds(60))).as("the lock of a client that left is released").isTrue();
        mine.release();
    }

    @Test
    void aCounterAddsAtomicallyFromEveryInstance() throws Exception {
        ClusterCounter fromClient = ClusterCounter.on(client, "hits");
        ClusterCounter fromMember = ClusterCounter.on(member.hazelcast(), "hits");
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> repeat(200, fromClient::incrementAndGet));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> repeat(200, fromMember::incrementAndGet));
        CompletableFuture.allOf(a, b).get(60, TimeUnit.SECONDS);
        assertThat(fromMember.get()).isEqualTo(400);
        assertThat(fromClient.compareAndSet(400, 7)).isTrue();
        assertThat(fromMember.compareAndSet(400, 8)).isFalse();
        assertThat(fromMember.addAndGet(3)).isEqualTo(10);
    }

    private static void repeat(int times, Runnable action) {
        for (int i = 0; i < times; i++) {
            action.run();
        }
    }

    @Test
    void theOpenSourceEditionHasNoCpSubsystem() {
        assertThatThrownBy(() -> member.hazelcast().getCPSubsystem().getAtomicLong("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> client.getCPSubsystem().getLock("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
