package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.connection.Address;
import io.github.mp4j.manager.ManagedBarrier;
import io.github.mp4j.manager.ManagedCondition;
import io.github.mp4j.manager.ManagedEvent;
import io.github.mp4j.manager.ManagedLock;
import io.github.mp4j.manager.ManagedQueue;
import io.github.mp4j.manager.Manager;
import io.github.mp4j.manager.ManagerOptions;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.sync.BrokenBarrierException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client JVM that dies while the manager's threads wait on its behalf (an untimed event wait, a
 * condition wait, a queue take, a barrier wait), on a TCP manager, where a reply to a dead client
 * can still be written: each of those threads is released, the barrier breaks for its other
 * parties, the other waiters of the event and the condition go on waiting and wake normally, and
 * an element put afterwards is not taken by the dead client.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ManagerClientDeathTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final byte[] KEY = "manager client death test key".getBytes(StandardCharsets.UTF_8);

    /** The methods a manager thread is in while it waits for each kind of object. */
    private static final Map<String, String> WAITS = Map.of(
            "event", "SyncImpls$EventImpl.awaitUntil",
            "condition", "ConditionImpl.awaitUntil",
            "take", "java.util.concurrent.LinkedBlockingDeque.takeFirst",
            "barrier", "java.util.concurrent.CyclicBarrier.dowait");

    @AfterAll
    static void noChildLeft() {
        ChildReaper.assertNoChildLeft();
    }

    @Test
    void waitsOnBehalfOfADeadClientAreReleasedWithoutHarmingTheOtherWaiters() throws Exception {
        ExecutorService here = Executors.newCachedThreadPool();
        try (Manager manager = Mp.manager(ManagerOptions.builder().inProcess(true)
                .address(Address.tcp("127.0.0.1", 0)).authKey(KEY).build())) {
            ManagedEvent event = manager.event();
            ManagedLock lock = manager.lock();
            ManagedCondition condition = manager.condition(lock);
            ManagedQueue<String> queue = manager.queue();
            ManagedBarrier barrier = manager.barrier(3);
            CompletableFuture<Void> eventWaiter = CompletableFuture.runAsync(event::await, here);
            CompletableFuture<Void> conditionWaiter = CompletableFuture.runAsync(() -> {
                lock.acquire();
                try {
                    condition.await();
                } finally {
                    lock.release();
                }
            }, here);
            CompletableFuture<Integer> party = CompletableFuture.supplyAsync(barrier::await, here);
            ChildProcess child = Mp.process(ManagerClientDeathTest::waitOnEverything,
                    List.<Object>of(event, lock, condition, queue, barrier));
            child.start();
            try {
                awaitWaiting(Map.of("event", 2, "condition", 2, "take", 1, "barrier", 2));
                child.kill();
                assertThat(child.join(WAIT)).isTrue();
            } finally {
                child.kill();
                child.join(WAIT);
                child.close();
            }
            awaitWaiting(Map.of("event", 1, "condition", 1, "take", 0, "barrier", 0));

            assertThat(failureOf(party)).as("the other party of the barrier").isInstanceOf(BrokenBarrierException.class)
                    .hasMessageContaining("died");
            queue.put("after the death");
            assertThat(queue.poll(60, TimeUnit.SECONDS)).as("an element put after the taker died is not lost").isEqualTo("after the death");
            assertThat(eventWaiter).as("the other event waiter still waits").isNotDone();
            event.set();
            eventWaiter.get(60, TimeUnit.SECONDS);
            assertThat(conditionWaiter).as("the other condition waiter still waits").isNotDone();
            lock.acquire();
            condition.signalAll();
            lock.release();
            conditionWaiter.get(60, TimeUnit.SECONDS);
            assertThat(lock.isLocked()).isFalse();
        } finally {
            here.shutdownNow();
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get(60, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("still waiting after 60 s", e);
        }
    }

    /** Waits until the manager's threads wait in each kind of wait as many times as expected. */
    private static void awaitWaiting(Map<String, Integer> expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Integer> seen = Map.of();
        while (System.nanoTime() < deadline) {
            seen = waiting();
            if (seen.equals(expected)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the manager's threads wait " + seen + ", not " + expected);
    }

    private static Map<String, Integer> waiting() {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        WAITS.keySet().forEach(kind -> counts.put(kind, 0));
        for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            if (!thread.getKey().getName().startsWith("mp4j-manager-")) {
                continue;
            }
            for (Map.Entry<String, String> wait : WAITS.entrySet()) {
                for (StackTraceElement frame : thread.getValue()) {
                    if ((frame.getClassName() + "." + frame.getMethodName()).endsWith(wait.getValue())) {
                        counts.merge(wait.getKey(), 1, Integer::sum);
                        break;
                    }
                }
            }
        }
        return counts;
    }

    /** In the child: one thread per wait, each on a connection of its own; then it waits to be killed. */
    @SuppressWarnings("unchecked")
    private static void waitOnEverything(List<Object> objects) {
        ManagedEvent event = (ManagedEvent) objects.get(0);
        ManagedLock lock = (ManagedLock) objects.get(1);
        ManagedCondition condition = (ManagedCondition) objects.get(2);
        ManagedQueue<String> queue = (ManagedQueue<String>) objects.get(3);
        ManagedBarrier barrier = (ManagedBarrier) objects.get(4);
        List<Supplier<Object>> waits = List.of(() -> {
            event.await();
            return null;
        }, () -> {
            lock.acquire();
            condition.await();
            return null;
        }, () -> {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                return null;
            }
        }, barrier::await);
        for (Supplier<Object> wait : waits) {
            Thread thread = new Thread(wait::get);
            thread.setDaemon(true);
            thread.start();
        }
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
