package io.github.mp4j.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.function.SerializableFunction;
import io.github.mp4j.function.SerializableVarargsFunction;
import io.github.mp4j.pool.AsyncResult;
import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.PoolEvent;
import io.github.mp4j.pool.ResultIterator;
import io.github.mp4j.pool.TaskFailedException;
import io.github.mp4j.serial.SerializationException;
import io.github.mp4j.pool.TaskOutcome;
import io.github.mp4j.pool.TaskTimeoutException;
import io.github.mp4j.process.ChildProcess;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool contract's map, imap, apply and fault cases against a {@link ClusterPool} over three
 * member JVMs on loopback (one with a worker JVM, two with thread workers), the caller being a
 * Hazelcast client; then a fourth member joins mid-map, takes work, and is killed with SIGKILL
 * while it holds chunks, and the map still returns every result.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterPoolTest {

    private static ClusterFixture cluster;
    private static ClusterPool pool;

    @BeforeAll
    static void startCluster() throws InterruptedException {
        cluster = new ClusterFixture();
        List<ChildProcess> members = List.of(cluster.startMember(1, false), cluster.startMember(2, true), cluster.startMember(2, true));
        for (ChildProcess member : members) {
            cluster.awaitJoined(member, Duration.ofSeconds(90));
        }
        pool = ClusterPool.create(cluster.client(), PoolConfig.custom().retries(2).build());
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        if (pool != null) {
            pool.close();
        }
        if (cluster != null) {
            cluster.close();
            for (ChildProcess member : cluster.members) {
                assertThat(member.isAlive()).as("member %s", member.pid()).isFalse();
            }
        }
        awaitNoChildren();
    }

    /** The members' worker JVMs end with their member: none of this JVM's descendants is left. */
    private static void awaitNoChildren() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            CompletableFuture<?>[] exits = ProcessHandle.current().descendants().map(ProcessHandle::onExit)
                    .toArray(CompletableFuture[]::new);
            try {
                CompletableFuture.allOf(exits).get(1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // some still run: look again until the deadline
            }
        }
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList())
                .as("processes left behind").isEmpty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Test
    @Order(1)
    void mapReturnsEveryResultInOrderFromEveryMember() {
        List<Integer> items = IntStream.range(0, 300).boxed().toList();
        List<Long> cubes = pool.map(x -> (long) x * x * x, items);
        assertThat(cubes).isEqualTo(items.stream().map(x -> (long) x * x * x).toList());
        assertThat(pool.memberStats()).hasSize(3).allSatisfy(member -> assertThat(member.tasksDone()).isPositive());
        assertThat(pool.workers()).hasSize(3);
        assertThat(pool.metrics().workersAlive()).isEqualTo(5);
    }

    @Test
    @Order(2)
    void starmapAndMapOutcomes() {
        assertThat(pool.starmap((Integer a, Integer b) -> a * b, List.of(Map.entry(2, 3), Map.entry(4, 5)), 0))
                .containsExactly(6, 20);
        assertThat(pool.starmap((String s, Integer n, Boolean upper) -> upper ? s.repeat(n).toUpperCase() : s.repeat(n),
                List.of(List.of("a", 2, true), new Object[] {"b", 3, false}))).containsExactly("AA", "bbb");
        SerializableVarargsFunction<Integer> sum = arguments -> {
            int total = 0;
            for (Object argument : arguments) {
                total += (Integer) argument;
            }
            return total;
        };
        assertThat(pool.starmap(sum, List.of(new Object[] {1, 2, 3, 4, 5, 6}, List.of(7), Map.entry(8, 9)))).containsExactly(21, 7, 17);
        List<TaskOutcome<Integer>> outcomes = pool.mapOutcomes(x -> {
            if (x == 2) {
                throw new IllegalStateException("two");
            }
            return x * 10;
        }, List.of(1, 2, 3));
        assertThat(outcomes.get(0).value()).isEqualTo(10);
        assertThat(outcomes.get(1).failure()).hasRootCauseInstanceOf(IllegalStateException.class).hasRootCauseMessage("two");
        assertThat(outcomes.get(2).value()).isEqualTo(30);
    }

    @Test
    @Order(3)
    void applyAndApplyAsyncWithCallbacks() throws InterruptedException {
        assertThat(pool.apply(() -> ProcessHandle.current().pid())).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(pool.apply((String s) -> s == null ? "null" : s, null)).isEqualTo("null");
        CountDownLatch called = new CountDownLatch(1);
        List<Object> seen = new ArrayList<>();
        AsyncResult<Integer> result = pool.applyAsync(() -> 6 * 7, value -> {
            seen.add(value);
            called.countDown();
        }, failure -> called.countDown());
        assertThat(result.get()).isEqualTo(42);
        assertThat(called.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly(42);
        assertThat(result.successful()).isTrue();
        assertThat(result.progress().fraction()).isEqualTo(1.0);
    }

    @Test
    @Order(4)
    void imapReadsABoundedWindowAheadAndKeepsOrder() {
        AtomicInteger read = new AtomicInteger();
        Iterator<Integer> endless = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return read.getAndIncrement();
            }
        };
        try (ResultIterator<Integer> results = pool.imap(x -> x + 1, endless, CallOptions.defaults().withReadAhead(20))) {
            for (int i = 0; i < 100; i++) {
                assertThat(results.next()).isEqualTo(i + 1);
                assertThat(read.get()).isLessThanOrEqualTo(i + 1 + 20);
            }
        }
        Set<Integer> unordered = ConcurrentHashMap.newKeySet();
        try (ResultIterator<Integer> results = pool.imapUnordered(x -> x * 2, IntStream.range(0, 50).boxed().toList())) {
            results.forEachRemaining(unordered::add);
        }
        assertThat(unordered).isEqualTo(IntStream.range(0, 50).map(x -> x * 2).boxed().collect(Collectors.toSet()));
    }

    @Test
    @Order(5)
    void aFailedTaskFailsItsCallWithTheWorkersExceptionAsCause() {
        assertThatThrownBy(() -> pool.map(x -> {
            if (x == 7) {
                throw new IllegalArgumentException("seven is not allowed");
            }
            return x;
        }, IntStream.range(0, 20).boxed().toList()))
                .isInstanceOf(TaskFailedException.class)
                .hasRootCauseInstanceOf(IllegalArgumentException.class).hasRootCauseMessage("seven is not allowed");
        ResultIterator<Integer> results = pool.imap(x -> 10 / x, List.of(1, 0, 5));
        assertThat(results.next()).isEqualTo(10);
        assertThatThrownBy(results::next).isInstanceOf(TaskFailedException.class).hasRootCauseInstanceOf(ArithmeticException.class);
        assertThat(results.next()).isEqualTo(2);
        assertThat(results.hasNext()).isFalse();
    }

    @Test
    @Order(6)
    void aTaskOverItsTimeoutFailsWithTaskTimeoutException() {
        AsyncResult<Object> slow = pool.applyAsync(() -> {
            Thread.sleep(60_000);
            return "late";
        }, CallOptions.defaults().withTaskTimeout(Duration.ofMillis(500)));
        assertThatThrownBy(slow::get).isInstanceOf(TaskTimeoutException.class);
    }

    @Test
    @Order(7)
    void aClassMissingOnTheMembersFailsNamingTheClassAndTheMember(@TempDir Path dir) throws Exception {
        Object ghost = compileGhost(dir);
        SerializableFunction<Integer, String> usesGhost = x -> ghost.toString() + x;
        assertThatThrownBy(() -> pool.map(usesGhost, List.of(1)))
                .isInstanceOf(TaskFailedException.class)
                .hasMessageContaining("Ghost")
                .hasMessageContaining("member [127.0.0.1]:")
                .hasMessageContaining("class path");
    }

    @Test
    @Order(7)
    void aTaskThatCapturesTheClusterPoolIsRefusedBeforeItIsSentSayingWhatToSendInstead() {
        ClusterPool captured = pool;
        SerializableFunction<Integer, String> usesPool = x -> captured.toString() + x;
        assertThatThrownBy(() -> pool.map(usesPool, List.of(1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("a ClusterPool belongs to the JVM that created it")
                .hasMessageContaining("send the tasks' inputs instead");
        assertThat(pool.map(x -> x + 1, List.of(1, 2))).as("the pool keeps working").containsExactly(2, 3);
    }

    /** A class only this JVM has: compiled now, loaded from a directory the members do not see. */
    private static Object compileGhost(Path dir) throws IOException, ReflectiveOperationException {
        Path source = dir.resolve("Ghost.java");
        Files.writeString(source, "public class Ghost implements java.io.Serializable { public int x = 7; }");
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), source.toString())).isZero();
        URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, ClusterPoolTest.class.getClassLoader());
        return loader.loadClass("Ghost").getConstructor().newInstance();
    }

    @Test
    @Order(8)
    void theExecutorServiceViewRunsOnTheCluster() throws Exception {
        ExecutorService executor = pool.asExecutorService();
        Future<Integer> answer = executor.submit((java.util.concurrent.Callable<Integer> & java.io.Serializable) () -> 42);
        assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(42);
        executor.shutdown();
        assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    @Order(9)
    void cancellingAMapStopsItAndOtherCallsGoOn() {
        AsyncResult<List<Integer>> slow = pool.mapAsync(x -> {
            sleep(200);
            return x;
        }, IntStream.range(0, 200).boxed().toList(), CallOptions.defaults().withChunkSize(1));
        assertThat(slow.cancel(true)).isTrue();
        assertThatThrownBy(slow::get).isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(pool.map(x -> x + 1, List.of(1, 2))).containsExactly(2, 3);
    }

    @Test
    @Order(10)
    void aMemberJoiningMidMapTakesWorkAndItsSigkillCostsOnlyRetries(@TempDir Path dir) throws Exception {
        // the tasks wait while the gate exists: the members are busy, and the new one's chunks still
        // run when it is killed
        Path gate = Files.createFile(dir.resolve("gate"));
        String gatePath = gate.toString();
        List<Integer> items = IntStream.range(0, 120).boxed().toList();
        AsyncResult<List<Integer>> job = pool.mapAsync(x -> {
            while (Files.exists(Path.of(gatePath))) {
                sleep(20);
            }
            return x * 3;
        }, items, CallOptions.defaults().withChunkSize(2).withRetries(3));
        CompletableFuture<Long> joined = new CompletableFuture<>();
        java.util.function.Consumer<PoolEvent> watch = event -> {
            if (event instanceof PoolEvent.WorkerStarted started) {
                joined.complete(started.worker().pid());
            }
        };
        pool.addListener(watch);
        ChildProcess joiner = cluster.startMember(2, true);
        assertThat(joined.get(90, TimeUnit.SECONDS)).isEqualTo(joiner.pid());
        pool.removeListener(watch);
        String pid = "(pid " + joiner.pid() + ")";
        assertThat(pool.memberStats()).as("the member that joined mid-map takes work")
                .anySatisfy(member -> {
                    assertThat(member.member()).endsWith(pid);
                    assertThat(member.chunksRunning()).isPositive();
                });
        joiner.kill();
        assertThat(joiner.join(Duration.ofSeconds(30))).isTrue();
        Files.delete(gate);
        assertThat(job.get(Duration.ofSeconds(90))).isEqualTo(items.stream().map(x -> x * 3).toList());
        assertThat(pool.metrics().tasksRetried()).isPositive();
        assertThat(pool.memberStats()).noneSatisfy(member -> assertThat(member.member()).endsWith(pid));
    }

    /**
     * A trivial task that first waits while a gate file exists.
     *
     * @param gate the gate's path, or {@code null} for none
     * @param x the task's number
     * @return {@code 2 * x}
     */
    static int doubledAfterGate(String gate, int x) {
        while (gate != null && Files.exists(Path.of(gate))) {
            sleep(10);
        }
        return 2 * x;
    }

    @Test
    @Order(11)
    void singleTaskCallsInAStreamTravelInFewerMessagesAndEachCompletesOnce() throws InterruptedException {
        for (int i = 0; i < 30; i++) {
            int x = i;
            // the same lambda as below: its replies teach the pool that its tasks are short
            assertThat(pool.apply(() -> doubledAfterGate(null, x))).isEqualTo(2 * x);
        }
        ClusterMetrics metrics = (ClusterMetrics) pool.metrics();
        long messagesBefore = metrics.messages.sum();
        int n = 400;
        Map<Integer, AtomicInteger> callbacks = new ConcurrentHashMap<>();
        CountDownLatch called = new CountDownLatch(n);
        List<AsyncResult<Integer>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int x = i;
            results.add(pool.applyAsync(() -> doubledAfterGate(null, x), value -> {
                callbacks.computeIfAbsent(x, k -> new AtomicInteger()).incrementAndGet();
                called.countDown();
            }, failure -> called.countDown()));
        }
        for (int i = 0; i < n; i++) {
            assertThat(results.get(i).get()).isEqualTo(2 * i);
        }
        assertThat(called.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(callbacks).hasSize(n).allSatisfy((x, count) -> assertThat(count.get()).as("callbacks of task %d", x).isEqualTo(1));
        assertThat(metrics.messages.sum() - messagesBefore).as("messages for %d single-task calls", n).isLessThan(n / 2);
    }

    @Test
    @Order(12)
    void aMemberKilledWithABatchInFlightCostsOnlyRetriesAndNoTaskRunsTwiceIntoTheResults(@TempDir Path dir) throws Exception {
        CompletableFuture<Long> joined = new CompletableFuture<>();
        java.util.function.Consumer<PoolEvent> watch = event -> {
            if (event instanceof PoolEvent.WorkerStarted started) {
                joined.complete(started.worker().pid());
            }
        };
        pool.addListener(watch);
        // four workers: room for batches of several chunks even when a loaded machine makes tasks look slow
        ChildProcess victim = cluster.startMember(4, true);
        assertThat(joined.get(90, TimeUnit.SECONDS)).isEqualTo(victim.pid());
        pool.removeListener(watch);
        String gate = Files.createFile(dir.resolve("gate")).toString();
        long retriedBefore = pool.metrics().tasksRetried();
        // tasks 0..99 run at once and teach the pool that the function is short; the others wait at
        // the gate, so that the messages carrying them stay on their way while the victim is killed
        int n = 300;
        List<Integer> items = IntStream.range(0, n).boxed().toList();
        AsyncResult<List<Integer>> job = pool.mapAsync(x -> doubledAfterGate(x < 100 ? null : gate, x), items,
                CallOptions.defaults().withChunkSize(1).withRetries(3));
        Map<Integer, AtomicInteger> callbacks = new ConcurrentHashMap<>();
        CountDownLatch called = new CountDownLatch(50);
        List<AsyncResult<Integer>> singles = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int x = i;
            singles.add(pool.applyAsync(() -> doubledAfterGate(gate, x), value -> {
                callbacks.computeIfAbsent(x, k -> new AtomicInteger()).incrementAndGet();
                called.countDown();
            }, failure -> called.countDown()));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (pool.chunksPerMessageInFlight(victim.pid()).stream().noneMatch(chunks -> chunks > 1)) {
            assertThat(System.nanoTime()).as("a message of several chunks on its way to member %d", victim.pid()).isLessThan(deadline);
            sleep(10);
        }
        victim.kill();
        assertThat(victim.join(Duration.ofSeconds(30))).isTrue();
        Files.delete(Path.of(gate));
        assertThat(job.get(Duration.ofSeconds(90))).isEqualTo(items.stream().map(x -> 2 * x).toList());
        assertThat(job.progress().done()).as("outcomes counted once each").isEqualTo(n);
        for (int i = 0; i < singles.size(); i++) {
            assertThat(singles.get(i).get(Duration.ofSeconds(90))).isEqualTo(2 * i);
        }
        assertThat(called.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(callbacks).hasSize(50).allSatisfy((x, count) -> assertThat(count.get()).as("callbacks of task %d", x).isEqualTo(1));
        assertThat(pool.metrics().tasksRetried()).isGreaterThan(retriedBefore);
    }
}
