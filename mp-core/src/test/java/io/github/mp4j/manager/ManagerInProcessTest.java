package io.github.mp4j.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.serial.SerializationException;
import io.github.mp4j.sync.BrokenBarrierException;
import io.github.mp4j.sync.OwnerDiedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every kind of shared object through a manager serving from this JVM: the proxies still go
 * through real sockets, the handshake and the codec, one connection per client thread.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings("try") // try (var held = lock.hold()) is the idiom under test
class ManagerInProcessTest {

    private static Manager manager;

    @BeforeAll
    static void start() {
        manager = Manager.start(ManagerOptions.builder().inProcess(true).build());
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    /** A registered type of the tests. */
    public interface Counter {
        long add(long delta);

        long total();

        default long increment() {
            return add(1);
        }
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

    @Test
    void aMapBehavesAsAMapAndItsUpdatesRunInTheManager() {
        ManagedMap<String, Integer> map = manager.map();
        map.put("a", 1);
        assertThat(map.putIfAbsent("a", 5)).isEqualTo(1);
        Map<String, Integer> more = new java.util.LinkedHashMap<>();
        more.put("b", 2);
        more.put("c", 3);
        map.putAll(more);
        assertThat(map.merge("a", 10, Integer::sum)).isEqualTo(11);
        assertThat(map.compute("z", (k, v) -> v == null ? 100 : v + 1)).isEqualTo(100);
        assertThat(map.computeIfAbsent("q", String::length)).isEqualTo(1);
        assertThat(map.get("a")).isEqualTo(11);
        assertThat(map.size()).isEqualTo(5);
        assertThat(map.keySet()).containsExactly("a", "b", "c", "z", "q");
        Map<String, Integer> seen = new java.util.HashMap<>();
        map.forEach(seen::put);
        assertThat(seen).isEqualTo(Map.of("a", 11, "b", 2, "c", 3, "z", 100, "q", 1));
        assertThat(map).isEqualTo(seen);
        assertThat(map.remove("q")).isEqualTo(1);
        assertThat(map.containsKey("q")).isFalse();
        assertThat(map.toString()).isEqualTo("{a=11, b=2, c=3, z=100}");
    }

    @Test
    void aListBehavesAsAListAndIteratesASnapshot() {
        ManagedList<Integer> list = manager.list(List.of(3, 1, 2));
        list.add(4);
        list.addAll(List.of(5, 6));
        assertThat(list.get(0)).isEqualTo(3);
        assertThat(list.indexOf(2)).isEqualTo(2);
        List<Integer> iterated = new ArrayList<>();
        for (int value : list) {
            list.add(value * 10);          // the iteration does not see these: it runs on a snapshot
            iterated.add(value);
        }
        assertThat(iterated).containsExactly(3, 1, 2, 4, 5, 6);
        assertThat(list).hasSize(12);
        assertThat(list.subList(0, 2)).containsExactly(3, 1);
        assertThat(list.stream().mapToInt(Integer::intValue).sum()).isEqualTo(21 * 11);
    }

    @Test
    void aProxyStoredInAnotherObjectStaysShared() {
        ManagedMap<String, ManagedList<String>> map = manager.map();
        map.put("inner", manager.list());
        map.get("inner").add("x");
        map.get("inner").add("y");
        assertThat(map.get("inner")).containsExactly("x", "y");
        byte[] sent = ObjectCodec.encode(map);
        @SuppressWarnings("unchecked")
        ManagedMap<String, ManagedList<String>> received = (ManagedMap<String, ManagedList<String>>) ObjectCodec.decode(sent);
        received.get("inner").add("z");
        assertThat(map.get("inner")).containsExactly("x", "y", "z");
    }

    @Test
    void namespaceValueAndArray() {
        ManagedNamespace ns = manager.namespace();
        ns.set("x", 1);
        assertThat(ns.<Integer>get("x")).isEqualTo(1);
        assertThat(ns.has("y")).isFalse();
        assertThatThrownBy(() -> ns.get("y")).isInstanceOf(java.util.NoSuchElementException.class).hasMessageContaining("'y'");
        ManagedValue<Integer> value = manager.value(5);
        assertThat(value.updateAndGet(v -> v * 2)).isEqualTo(10);
        assertThat(value.getAndSet(1)).isEqualTo(10);
        ManagedArray<Double> array = manager.array(List.of(1.0, 2.0));
        array.set(1, 3.5);
        assertThat(array.updateAndGet(0, v -> v + 1)).isEqualTo(2.0);
        assertThat(array.toList()).containsExactly(2.0, 3.5);
        assertThatThrownBy(() -> array.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void queueWaitsInTheManager() throws Exception {
        ManagedQueue<String> queue = manager.queue(2);
        CompletableFuture<String> taker = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        queue.put("a");
        assertThat(taker.get(30, TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(queue.offer("b")).isTrue();
        assertThat(queue.offer("c")).isTrue();
        assertThat(queue.offer("d", 10, TimeUnit.MILLISECONDS)).isFalse();
        List<String> drained = new ArrayList<>();
        assertThat(queue.drainTo(drained)).isEqualTo(2);
        assertThat(drained).containsExactly("b", "c");
        assertThat(queue.poll(10, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void locksBelongToTheCallingThreadAndADeadOwnerIsReported() throws Exception {
        ManagedLock rlock = manager.rlock();
        rlock.acquire();
        rlock.acquire();
        assertThat(rlock.isHeldByCurrentThread()).isTrue();
        CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> rlock.tryAcquire());
        assertThat(other.get(30, TimeUnit.SECONDS)).isFalse();
        rlock.release();
        rlock.release();
        assertThat(rlock.isLocked()).isFalse();
        assertThatThrownBy(rlock::release).isInstanceOf(IllegalStateException.class);

        ManagedLock lock = manager.lock();
        Thread owner = new Thread(lock::acquire);
        owner.start();
        owner.join();
        // the owner's thread ended: its connection is closed within about a second, and the lock released
        assertThatThrownBy(() -> lock.acquire(Duration.ofSeconds(30))).isInstanceOf(OwnerDiedException.class);
        assertThat(lock.isHeldByCurrentThread()).isTrue();
        lock.release();
    }

    @Test
    void semaphoresConditionsEventsAndBarriers() throws Exception {
        ManagedSemaphore bounded = manager.boundedSemaphore(1);
        assertThat(bounded.tryAcquire()).isTrue();
        assertThat(bounded.acquire(Duration.ofMillis(10))).isFalse();
        bounded.release();
        assertThatThrownBy(bounded::release).isInstanceOf(IllegalStateException.class).hasMessageContaining("bounded");

        ManagedCondition condition = manager.condition();
        ManagedList<String> box = manager.list();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<String> waiter = CompletableFuture.supplyAsync(() -> {
            try (var held = condition.lock().hold()) {
                waiting.countDown();
                condition.awaitFor(() -> !box.isEmpty(), Duration.ofSeconds(30));
                return box.get(0);
            }
        });
        assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
        try (var held = condition.lock().hold()) {
            box.add("signalled");
            condition.signalAll();
        }
        assertThat(waiter.get(30, TimeUnit.SECONDS)).isEqualTo("signalled");

        ManagedEvent event = manager.event();
        CompletableFuture<Boolean> eventWaiter = CompletableFuture.supplyAsync(() -> event.await(Duration.ofSeconds(30)));
        event.set();
        assertThat(eventWaiter.get(30, TimeUnit.SECONDS)).isTrue();

        ManagedBarrier barrier = manager.barrier(2);
        CompletableFuture<Integer> party = CompletableFuture.supplyAsync(() -> barrier.await(Duration.ofSeconds(30)));
        barrier.await(Duration.ofSeconds(30));
        party.get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> barrier.await(Duration.ofMillis(10))).isInstanceOf(BrokenBarrierException.class);
        barrier.reset();
        assertThat(barrier.isBroken()).isFalse();
    }

    @Test
    void aRegisteredTypeGetsAProxyOfItsInterface() {
        manager.register(Counter.class, CounterImpl::new);
        Counter counter = manager.create(Counter.class);
        counter.add(5);
        assertThat(counter.increment()).isEqualTo(6);
        assertThat(counter.total()).isEqualTo(6);
        assertThatThrownBy(() -> manager.create(Runnable.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("register");
    }

    @Test
    void badArgumentsFailTheCallOnly() {
        ManagedMap<String, Object> map = manager.map();
        assertThatThrownBy(() -> map.put("t", Thread.currentThread())).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> map.compute("k", (k, v) -> {
            throw new IllegalStateException("boom in the manager");
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("boom");
        map.put("ok", 1);
        assertThat(map.get("ok")).isEqualTo(1);
        assertThat(manager.release(map)).isTrue();
        assertThatThrownBy(() -> map.get("ok")).isInstanceOf(IllegalStateException.class).hasMessageContaining("no object");
    }
}
