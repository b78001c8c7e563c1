package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.AuthenticationException;
import io.github.mp4j.manager.ManagedEvent;
import io.github.mp4j.manager.ManagedList;
import io.github.mp4j.manager.ManagedLock;
import io.github.mp4j.manager.ManagedMap;
import io.github.mp4j.manager.ManagedQueue;
import io.github.mp4j.manager.ManagedValue;
import io.github.mp4j.manager.Manager;
import io.github.mp4j.manager.ManagerDiedException;
import io.github.mp4j.manager.ManagerOptions;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.sync.OwnerDiedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A manager in its own child JVM (the default), its proxies used by this JVM's threads, by child
 * processes and by pool workers: the "done when" for managers.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ManagerAcrossProcessesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int INCREMENTS = 300;

    private static Manager manager;
    private static ProcessPool pool;

    /** A registered type of the tests. */
    public interface Counter {
        long add(long delta);

        long total();
    }

    /** Its implementation, made in the manager. */
    public static final class CounterImpl implements Counter {
        private long total;

        @Override
        public synchronized long add(long delta) {
            total += delta;
            return total;
        }

        @Override
        public synchronized long total() {
            return total;
        }
    }

    @BeforeAll
    static void start() {
        manager = Mp.manager();
        pool = Mp.pool(4);
    }

    @AfterAll
    static void stop() {
        long pid = manager.pid();
        pool.close();
        manager.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("the manager's JVM is gone after close").isFalse();
        ChildReaper.assertNoChildLeft();
    }

    @Test
    void eightClientsThreadsAndProcessesLoseNoComputeStyleUpdate() throws Exception {
        ManagedMap<String, Integer> counts = manager.map();
        ManagedValue<Integer> value = manager.value(0);
        var workers = pool.mapAsync(i -> increment(counts, value), List.of(1, 2, 3, 4));
        List<CompletableFuture<Integer>> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            threads.add(CompletableFuture.supplyAsync(() -> increment(counts, value)));
        }
        workers.get(WAIT);
        for (CompletableFuture<Integer> thread : threads) {
            thread.get(60, TimeUnit.SECONDS);
        }
        assertThat(counts.get("n")).isEqualTo(8 * INCREMENTS);
        assertThat(value.get()).isEqualTo(8 * INCREMENTS);
    }

    private static int increment(ManagedMap<String, Integer> counts, ManagedValue<Integer> value) {
        for (int i = 0; i < INCREMENTS; i++) {
            counts.merge("n", 1, Integer::sum);
            value.updateAndGet(v -> v + 1);
        }
        return INCREMENTS;
    }

    @Test
    void aChildProcessUsesNestedProxiesAndARegisteredType() {
        manager.register(Counter.class, CounterImpl::new);
        Counter counter = manager.create(Counter.class);
        ManagedMap<String, Object> root = manager.map();
        root.put("list", manager.list());
        root.put("counter", counter);
        ChildProcess child = Mp.process(ManagerAcrossProcessesTest::useNested, root);
        child.start();
        assertThat(child.join(WAIT)).isTrue();
        assertThat(child.exitCode()).isZero();
        child.close();
        @SuppressWarnings("unchecked")
        List<String> list = (List<String>) root.get("list");
        assertThat(list).containsExactly("from " + child.name());
        assertThat(counter.total()).isEqualTo(42);
    }

    @SuppressWarnings("unchecked")
    private static void useNested(ManagedMap<String, Object> root) {
        ((List<String>) root.get("list")).add("from " + Mp.currentProcess().name());
        ((Counter) root.get("counter")).add(42);
    }

    @Test
    void aLockHeldByAProcessThatDiesIsReleasedAndTheNextTakerIsTold() throws Exception {
        ManagedLock lock = manager.lock();
        ManagedEvent held = manager.event();
        ChildProcess child = Mp.process(ManagerAcrossProcessesTest::holdForever, lock, held);
        child.start();
        try {
            assertThat(held.await(WAIT)).isTrue();
            assertThat(lock.tryAcquire()).isFalse();
            child.kill();
            child.join(WAIT);
            assertThatThrownBy(() -> lock.acquire(WAIT)).isInstanceOf(OwnerDiedException.class)
                    .satisfies(e -> assertThat(((OwnerDiedException) e).deadPid()).isEqualTo(child.pid()));
            assertThat(lock.isHeldByCurrentThread()).isTrue();
            lock.release();
        } finally {
            child.kill();
            child.join(WAIT);
            child.close();
        }
    }

    private static void holdForever(ManagedLock lock, ManagedEvent held) {
        lock.acquire();
        held.set();
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aDeadManagerFailsEveryCallWithinASecondAndANewOneWorks() throws Exception {
        Manager doomed = Manager.start();
        try {
            ManagedQueue<String> queue = doomed.queue();
            ManagedMap<String, String> map = doomed.map();
            map.put("k", "v");
            CountDownLatch connected = new CountDownLatch(1);
            CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    queue.size();              // this thread's connection is open and served
                    connected.countDown();
                    queue.take();
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            assertThat(connected.await(60, TimeUnit.SECONDS)).isTrue();
            ProcessHandle.of(doomed.pid()).orElseThrow().destroyForcibly();
            long killed = System.nanoTime();
            Throwable failure = blocked.get(10, TimeUnit.SECONDS);
            assertThat(System.nanoTime() - killed).as("ns until the call in flight failed").isLessThan(1_000_000_000L);
            assertThat(failure).isInstanceOf(ManagerDiedException.class).hasMessageContaining("gone");
            long again = System.nanoTime();
            assertThatThrownBy(() -> map.get("k")).isInstanceOf(ManagerDiedException.class);
            assertThat(System.nanoTime() - again).as("ns until a later call failed").isLessThan(1_000_000_000L);
        } finally {
            doomed.close();
        }
        try (Manager fresh = Manager.start(ManagerOptions.builder().inProcess(true).build())) {
            ManagedMap<String, String> map = fresh.map();
            map.put("k", "v2");
            assertThat(map.get("k")).isEqualTo("v2");
        }
    }

    @Test
    void aManagerOnTcpWithItsOwnKeyServesAnotherJvmThatConnectsByAddressAndKey() throws Exception {
        byte[] key = "a key of this test only".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (Manager tcp = Mp.manager(ManagerOptions.builder().address(Address.tcp("127.0.0.1", 0)).authKey(key).build())) {
            assertThat(tcp.address().toString()).startsWith("tcp:127.0.0.1:");
            String commandLine = ProcessHandle.of(tcp.pid()).orElseThrow().info().commandLine().orElse("");
            assertThat(commandLine).as("the manager's command line").doesNotContain("a key of this test only");
            ManagedList<String> list = tcp.list();
            int objects = tcp.objectCount();
            ChildProcess child = Mp.process(ManagerAcrossProcessesTest::connectAndAdd, tcp.address().toString(), key);
            child.start();
            assertThat(child.join(WAIT)).isTrue();
            assertThat(child.exitCode()).isZero();
            child.close();
            assertThat(tcp.objectCount()).as("the child's list and map").isEqualTo(objects + 2);
            assertThat(pool.apply(() -> list.add("from a pool worker, which got the key with its task")))
                    .as("a pool task's proxy carries its manager's own key over the worker's private pipe").isTrue();
            assertThat(list).containsExactly("from a pool worker, which got the key with its task");
            list.clear();

            Manager wrongKey = Manager.connect(tcp.address(), "wrong".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThatThrownBy(() -> CompletableFuture.supplyAsync(() -> wrongKey.map()).join())
                    .hasCauseInstanceOf(AuthenticationException.class);
            list.add("still served");
            assertThat(list).as("the manager still serves the others").containsExactly("still served");
        }
    }

    private static void connectAndAdd(String address, byte[] key) {
        Manager remote = Manager.connect(Address.parse(address), key);
        ManagedList<String> list = remote.list();
        list.add("ignored");
        list.clear();
        ManagedMap<String, ManagedList<String>> map = remote.map();
        map.put("l", list);
        map.get("l").add("connected");
        if (!List.of("connected").equals(new ArrayList<>(map.get("l")))) {
            throw new IllegalStateException("the nested list holds " + map.get("l"));
        }
    }
}
