package io.github.mp4j.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.function.SerializableFunction;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.queue.Queues;
import io.github.mp4j.runtime.StartMethod;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a {@link ProcessPool} promises whatever runs its tasks. Each subclass runs every test with
 * one {@link StartMethod}. Tests that leave the pool as they found it share one pool of two
 * workers per class; tests that recycle, close or terminate a pool start their own small one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class PoolContract {

    static final Duration WAIT = Duration.ofSeconds(60);
    /** How long a trivial task may take when a worker is free to run it, noise of a busy machine included. */
    static final Duration TRIVIAL_TASK = Duration.ofSeconds(20);
    static final int READ_AHEAD = 1_000;

    /** Shared by the tests of one class; its initializer is {@link PoolTasks#initialize} with {@link #token}. */
    ProcessPool pool;
    private final String token = UUID.randomUUID().toString();
    private final List<ProcessPool> ownPools = new ArrayList<>();

    /** @return the start method under test */
    abstract StartMethod startMethod();

    /** Asserts that a worker the pool lists is running, as this start method runs workers. */
    abstract void assertRunning(WorkerInfo worker);

    /** Asserts that a worker that was listed before its pool was closed or terminated is gone. */
    abstract void assertGone(WorkerInfo worker) throws InterruptedException;

    /** Asserts that no worker of any pool of this class outlived its pool. */
    abstract void assertNoWorkerLeft() throws InterruptedException;

    PoolConfig.Builder config(String name) {
        return PoolConfig.custom().name(startMethod().name().toLowerCase(Locale.ROOT) + "-" + name).startMethod(startMethod());
    }

    /** @return a pool of the test's own, terminated after the test */
    ProcessPool ownPool(PoolConfig.Builder config) {
        ProcessPool own = ProcessPool.create(config.build());
        ownPools.add(own);
        return own;
    }

    /**
     * Numbers and strings are encoded as their chunks are sent, not at submit; the call must still
     * see the items as they were when it was made.
     */
    @ParameterizedTest
    @ValueSource(strings = {"integers", "strings", "numbers and strings"})
    void aMapTakesItsInputsWhenCalledSoChangingTheListAfterwardsChangesNothing(String kind) throws Exception {
        List<Object> inputs = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            inputs.add(switch (kind) {
                case "integers" -> i;
                case "strings" -> "s" + i;
                default -> i % 3 == 0 ? (Object) (long) i : i % 3 == 1 ? (Object) ("s" + i) : (Object) (i / 2.0);
            });
        }
        List<Object> asCalled = new ArrayList<>(inputs);

        AsyncResult<List<Object>> result = pool.mapAsync((Object x) -> x, inputs);
        Collections.fill(inputs, "changed after the call");

        assertThat(result.get(WAIT)).isEqualTo(asCalled);
    }

    static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().collect(Collectors.toList());
    }

    static List<Integer> doubled(List<Integer> items) {
        return items.stream().map(x -> x * 2).collect(Collectors.toList());
    }

    @BeforeAll
    void startSharedPool() {
        String poolToken = token;
        pool = ProcessPool.create(config("contract").processes(2).readAhead(READ_AHEAD)
                .initializer(() -> PoolTasks.initialize(poolToken)).build());
    }

    @AfterEach
    void terminateOwnPools() {
        for (ProcessPool own : ownPools) {
            own.terminate();
        }
        ownPools.clear();
    }

    @AfterAll
    void terminateSharedPool() throws InterruptedException {
        if (pool != null) {
            pool.terminate();
        }
        assertNoWorkerLeft();
    }

    // ------------------------------------------------------------------ apply

    @Test
    void applyRunsACallableAndAFunctionWithItsArgument() {
        assertThat(pool.apply(() -> 6 * 7)).isEqualTo(42);
        assertThat(pool.apply((Integer x) -> x + 1, 41)).isEqualTo(42);
        assertThat(pool.apply(String::length, "hello")).isEqualTo(5);
        assertThat(pool.applyAsync((String s) -> s + "!", "hi").get(WAIT)).isEqualTo("hi!");
    }

    @Test
    void nullsTravelAsArgumentsItemsAndResults() {
        Object nothing = pool.apply(() -> null);
        assertThat(nothing).isNull();
        assertThat(pool.map((String s) -> s == null ? 0 : s.length(), Arrays.asList("a", null, "abc"))).containsExactly(1, 0, 3);
        assertThat(pool.map((Integer x) -> x == 1 ? null : x, range(0, 3))).containsExactly(0, null, 2);
        assertThat(pool.apply((String s) -> s == null ? "got null" : s, null)).isEqualTo("got null");
    }

    @Test
    void anAsyncResultWaitsForItsRunningTaskAndTellsItsState() {
        ProcessQueue<Long> started = Queues.queue();
        ProcessQueue<String> release = Queues.queue();
        AsyncResult<String> result = pool.applyAsync(() -> PoolTasks.signalThenWait(started, release));
        started.get(WAIT);

        assertThatThrownBy(() -> result.get(Duration.ofMillis(100))).isInstanceOf(ResultTimeoutException.class)
                .hasMessageContaining("PT0.1S");
        assertThat(result.ready()).isFalse();
        assertThat(result.await(Duration.ofMillis(100))).isFalse();
        assertThatThrownBy(result::successful).isInstanceOf(IllegalStateException.class);
        assertThat(result.progress()).isEqualTo(new Progress(0, 1));

        release.put("released");

        assertThat(result.get()).isEqualTo("released");
        assertThat(result.get(Duration.ZERO)).as("get(timeout) once ready").isEqualTo("released");
        assertThat(result.await(WAIT)).isTrue();
        assertThat(result.ready()).isTrue();
        assertThat(result.successful()).isTrue();
        assertThat(result.progress()).isEqualTo(new Progress(1, 1));
    }

    @Test
    void aShortTaskRunsOnAnIdleWorkerWhileAnotherWorkerIsBusy() {
        ProcessQueue<Long> started = Queues.queue();
        ProcessQueue<String> release = Queues.queue();
        AsyncResult<String> busy = pool.applyAsync(() -> PoolTasks.signalThenWait(started, release));
        started.get(WAIT);
        try {
            for (int i = 0; i < 10; i++) {
                int n = i;
                assertThat(pool.applyAsync(() -> n * 2).get(TRIVIAL_TASK)).as("short task %d", n).isEqualTo(n * 2);
            }
            assertThat(pool.map((Integer x) -> x * 2, range(0, 100), 1)).isEqualTo(doubled(range(0, 100)));
            assertThat(busy.ready()).isFalse();
        } finally {
            release.put("released");
        }
        assertThat(busy.get(WAIT)).isEqualTo("released");
    }

    @Test
    void aCompletableFutureViewComposesWithOtherFutures() throws Exception {
        assertThat(pool.applyAsync(() -> 21).toCompletableFuture().thenApply(x -> x * 2).get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo(42);
        assertThat(pool.mapAsync((Integer x) -> x * 2, range(0, 10)).toCompletableFuture().thenApply(List::size)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(10);

        Throwable failure = catchThrowable(() -> pool.applyAsync(() -> PoolTasks.failOn(3, 3)).toCompletableFuture()
                .thenApply(x -> x + 1).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(TaskFailedException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessage("bad item 3");
    }

    @Test
    void callbacksAreCalledExactlyOnceWithTheResultOrTheFailure() throws InterruptedException {
        AtomicInteger successes = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<Object> seen = new AtomicReference<>();
        CountDownLatch okCalled = new CountDownLatch(1);
        AsyncResult<Integer> ok = pool.applyAsync(() -> 42, value -> {
            seen.set(value);
            successes.incrementAndGet();
            okCalled.countDown();
        }, error -> {
            errors.incrementAndGet();
            okCalled.countDown();
        });
        assertThat(ok.get(WAIT)).isEqualTo(42);
        assertThat(okCalled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        CountDownLatch failedCalled = new CountDownLatch(1);
        AsyncResult<Integer> failed = pool.applyAsync(() -> PoolTasks.failOn(5, 5), value -> {
            successes.incrementAndGet();
            failedCalled.countDown();
        }, error -> {
            seen.set(error);
            errors.incrementAndGet();
            failedCalled.countDown();
        });
        assertThat(failed.await(WAIT)).isTrue();
        assertThat(failed.successful()).isFalse();
        assertThat(failedCalled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        assertThat(successes).hasValue(1);
        assertThat(errors).hasValue(1);
        assertThat(seen.get()).isInstanceOf(TaskFailedException.class);
        assertThat(((Throwable) seen.get()).getCause()).isInstanceOf(IllegalStateException.class).hasMessage("bad item 5");
    }

    // ------------------------------------------------------------------ map, starmap

    @Test
    void mapReturnsEveryResultInInputOrder() {
        List<Integer> items = range(0, 10_000);

        assertThat(pool.map((Integer x) -> x * 2, items)).isEqualTo(doubled(items));
        assertThat(pool.map((Integer x) -> x * 2, new HashSet<>(range(0, 5)))).as("any Iterable")
                .containsExactlyInAnyOrder(0, 2, 4, 6, 8);
    }

    @ParameterizedTest(name = "chunk size {0}")
    @ValueSource(ints = {1, 7, 10_000})
    void mapKeepsInputOrderWithAnExplicitChunkSize(int chunkSize) {
        List<Integer> items = range(0, 2_000);

        assertThat(pool.map((Integer x) -> x * 2, items, chunkSize)).isEqualTo(doubled(items));
    }

    @ParameterizedTest(name = "chunk size {0}")
    @ValueSource(ints = {0, 1, 333})
    void numericResultsOfEveryKindAndMixedResultsKeepTheirTypesAndOrder(int chunkSize) {
        List<Integer> items = range(-1_000, 1_000);
        List<Object> mixed = new ArrayList<>();
        for (int x : items) {
            mixed.add(PoolTasks.longOrOther(x));
        }
        List<Long> cubes = pool.map((Integer x) -> (long) x * x * x, items, chunkSize);

        assertThat(cubes).hasSize(items.size()).allSatisfy(value -> assertThat(value).isInstanceOf(Long.class));
        assertThat(cubes.get(0)).isEqualTo(-1_000_000_000L);
        assertThat(cubes.get(1_999)).isEqualTo(999L * 999 * 999);
        assertThat(cubes).isEqualTo(items.stream().map(x -> (long) x * x * x).toList());
        assertThatThrownBy(() -> cubes.set(0, 1L)).as("results are unmodifiable")
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(pool.map((Integer x) -> x == 0 ? Long.MIN_VALUE : Long.MAX_VALUE - x, List.of(0, 1), chunkSize))
                .containsExactly(Long.MIN_VALUE, Long.MAX_VALUE - 1);
        assertThat(pool.map((Integer x) -> x / 4.0, List.of(1, -2, 0), chunkSize)).containsExactly(0.25, -0.5, 0.0);
        assertThat(pool.map(PoolTasks::longOrOther, items, chunkSize)).as("Longs mixed with other types and nulls")
                .isEqualTo(mixed);
    }

    @Test
    void aLinkedListInputIsReadInOnePass() {
        LinkedList<Integer> items = new LinkedList<>(range(0, 300_000));

        List<Integer> results = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> pool.map((Integer x) -> x + 1, items),
                "reading item i of a LinkedList by index costs i steps: 300 000 items would take minutes");

        assertThat(results).hasSize(items.size());
        assertThat(results.get(299_999)).isEqualTo(300_000);
    }

    @Test
    void emptyInputGivesEmptyResults() {
        assertThat(pool.map((Integer x) -> x * 2, List.of())).isEmpty();
        AsyncResult<List<Integer>> async = pool.mapAsync((Integer x) -> x * 2, List.of());
        assertThat(async.ready()).isTrue();
        assertThat(async.get()).isEmpty();
        assertThat(async.progress()).isEqualTo(new Progress(0, 0));
        assertThat(pool.starmap((Integer a, Integer b) -> a * b, List.<Map.Entry<Integer, Integer>>of(), 0)).isEmpty();
        try (ResultIterator<Integer> results = pool.imap((Integer x) -> x * 2, List.<Integer>of())) {
            assertThat(results.hasNext()).isFalse();
            assertThat(results.progress()).isEqualTo(new Progress(0, 0));
        }
    }

    @Test
    void aNegativeChunkSizeOrNullFunctionIsRefusedAtTheCall() {
        assertThatThrownBy(() -> pool.map((Integer x) -> x, List.of(1), -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chunkSize must be >= 0 (0 = automatic), was -1");
        assertThatThrownBy(() -> pool.map(null, List.of(1))).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("function");
    }

    @Test
    void mapAsyncReportsProgressUntilEveryTaskIsDone() {
        List<Integer> items = range(0, 1_000);
        CountDownLatch called = new CountDownLatch(1);
        AtomicReference<List<Integer>> delivered = new AtomicReference<>();
        AsyncResult<List<Integer>> result = pool.mapAsync((Integer x) -> x * 2, items, 10, list -> {
            delivered.set(list);
            called.countDown();
        }, null);
        assertThat(result.progress().total()).isEqualTo(1_000);

        assertThat(result.get(WAIT)).isEqualTo(doubled(items));
        assertThat(result.progress()).isEqualTo(new Progress(1_000, 1_000));
        assertThat(result.progress().fraction()).isEqualTo(1.0);
        assertThat(result.successful()).isTrue();
        assertThat(awaitQuietly(called)).isTrue();
        assertThat(delivered.get()).isEqualTo(doubled(items));
    }

    @Test
    void starmapAppliesATwoArgumentFunctionToEachPairInOrder() {
        List<Map.Entry<Integer, String>> pairs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            pairs.add(Map.entry(i, "x"));
        }
        List<String> expected = pairs.stream().map(p -> p.getValue().repeat(p.getKey() % 4) + p.getKey())
                .collect(Collectors.toList());

        assertThat(pool.starmap((Integer n, String s) -> s.repeat(n % 4) + n, pairs, 0)).isEqualTo(expected);
        assertThat(pool.starmapAsync((Integer n, String s) -> s.repeat(n % 4) + n, pairs, 3).get(WAIT)).isEqualTo(expected);
    }

    // ------------------------------------------------------------------ imap

    @Test
    void imapOverAnEndlessStreamGivesTheFirstResultsInOrder() {
        int wanted = 3_000;
        List<Integer> taken = new ArrayList<>();
        try (ResultIterator<Integer> results = pool.imap((Integer x) -> x * 2, Stream.iterate(0, i -> i + 1))) {
            while (taken.size() < wanted) {
                taken.add(results.next());
            }
            assertThat(results.progress().total()).as("total of an endless input").isEqualTo(-1);
        }

        assertThat(taken).isEqualTo(doubled(range(0, wanted)));
        assertThat(pool.map((Integer x) -> x + 1, range(0, 100))).as("the pool after an abandoned imap")
                .isEqualTo(range(1, 101));
    }

    @Test
    void imapReadsAnEndlessIteratorOnlyABoundedDistanceAheadOfTheResultsTaken() {
        CountingEndlessIterator input = new CountingEndlessIterator();
        int wanted = 5_000;
        try (ResultIterator<Long> results = pool.imap((Long x) -> x + 1, input, 16)) {
            for (long expected = 1; expected <= wanted; expected++) {
                assertThat(results.next()).isEqualTo(expected);
            }
            assertThat(input.read()).as("inputs read after %d results were taken", wanted)
                    .isGreaterThanOrEqualTo(wanted).isLessThanOrEqualTo(wanted + READ_AHEAD);
        }
        assertThat(input.read()).as("inputs read after close").isLessThanOrEqualTo(wanted + READ_AHEAD);
    }

    @ParameterizedTest(name = "chunk size {0}")
    @ValueSource(ints = {0, 1, 7})
    void imapGivesEveryResultInInputOrderAndItsProgress(int chunkSize) {
        List<Integer> items = range(0, 5_000);
        List<Integer> taken = new ArrayList<>();
        try (ResultIterator<Integer> results = pool.imap((Integer x) -> x * 2, items.iterator(), chunkSize)) {
            results.forEachRemaining(taken::add);

            assertThat(results.hasNext()).isFalse();
            assertThatThrownBy(results::next).isInstanceOf(NoSuchElementException.class);
            assertThat(results.progress()).isEqualTo(new Progress(5_000, 5_000));
        }
        assertThat(taken).isEqualTo(doubled(items));
    }

    @Test
    void imapUnorderedGivesTheSameResultsInAnyOrder() {
        List<Integer> items = range(0, 5_000);
        List<Integer> taken = new ArrayList<>();
        try (ResultIterator<Integer> results = pool.imapUnordered((Integer x) -> x * 2, items)) {
            results.forEachRemaining(taken::add);
            assertThat(results.progress()).isEqualTo(new Progress(5_000, 5_000));
        }
        assertThat(taken).containsExactlyInAnyOrderElementsOf(doubled(items));
    }

    /**
     * Chunks of two: some all {@code Long}s (delivered unboxed), others mixed with other types
     * and {@code null}s; imap gives each result in its place, imapUnordered each result once.
     */
    @Test
    void imapsGiveLongsOtherTypesAndNullsFromChunksOfEitherKind() {
        List<Integer> items = range(0, 2_000);
        List<Object> expected = new ArrayList<>();
        items.forEach(x -> expected.add(PoolTasks.longOrOther(x)));
        List<Object> inOrder = new ArrayList<>();
        try (ResultIterator<Object> results = pool.imap(PoolTasks::longOrOther, items.iterator(), 2)) {
            results.forEachRemaining(inOrder::add);
        }
        List<Object> asCompleted = new ArrayList<>();
        try (ResultIterator<Object> results = pool.imapUnordered(PoolTasks::longOrOther, items.iterator(), 2)) {
            results.forEachRemaining(asCompleted::add);
        }
        assertThat(inOrder).isEqualTo(expected);
        assertThat(asCompleted).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void imapThrowsForAFailedTaskAndGoesOnWithTheNextResults() {
        List<Integer> taken = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        try (ResultIterator<Integer> results = pool.imap((Integer x) -> PoolTasks.failOn(x, 5), range(0, 10))) {
            while (results.hasNext()) {
                try {
                    taken.add(results.next());
                } catch (TaskFailedException e) {
                    failures.add(e);
                }
            }
        }
        assertThat(taken).containsExactly(0, 2, 4, 6, 8, 12, 14, 16, 18);
        assertThat(failures).singleElement().satisfies(e -> assertThat(e.getCause())
                .isInstanceOf(IllegalStateException.class).hasMessage("bad item 5"));
    }

    /**
     * Several callers share the pool, each closing its imaps after one result while the workers'
     * threads cut chunks from them: no close may break dispatch, every call completes or is
     * closed, later calls run, the gauges come back to zero and the pool closes.
     */
    @Test
    void imapsClosedEarlyFromManyThreadsNeitherStopThePoolNorLeaveTheGaugesUp() throws Exception {
        ProcessPool shared = ownPool(config("imap-close").processes(2));
        int callers = 8;
        int callsEach = 100;
        ExecutorService threads = Executors.newFixedThreadPool(callers, runnable -> {
            Thread thread = new Thread(runnable, "imap-closing-caller");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < callers; t++) {
                int caller = t;
                done.add(threads.submit(() -> callAndCloseEarly(shared, caller, callsEach)));
            }
            for (Future<Integer> calls : done) {
                assertThat(calls.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("calls completed or closed").isEqualTo(callsEach);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(shared.applyAsync(() -> "still working").get(TRIVIAL_TASK)).isEqualTo("still working");
        assertGaugesSettleAtZero(shared);
        assertTimeoutPreemptively(WAIT, shared::close, "close() of the pool");
        assertThat(shared.metrics().workersAlive()).isZero();
    }

    /** Caller 0 only loops imap, next, close; the others mix early-closed imaps with maps and applies. */
    private static int callAndCloseEarly(ProcessPool shared, int caller, int calls) {
        for (int i = 0; i < calls; i++) {
            int n = i;
            switch (caller == 0 ? 0 : (caller + i) % 4) {
                case 0 -> {
                    try (ResultIterator<Long> results = shared.imap((Long x) -> x + 1, new CountingEndlessIterator(), 1 + n % 3)) {
                        assertThat(results.next()).isEqualTo(1L);
                    }
                }
                case 1 -> {
                    try (ResultIterator<Integer> results = shared.imapUnordered((Integer x) -> x * 2, range(0, 500))) {
                        assertThat(results.next()).isEven();
                    }
                }
                case 2 -> assertThat(shared.applyAsync(() -> n * 2).get(WAIT)).isEqualTo(n * 2);
                default -> assertThat(shared.mapAsync((Integer x) -> x * 2, range(0, 50)).get(WAIT)).isEqualTo(doubled(range(0, 50)));
            }
        }
        return calls;
    }

    /** Chunks of closed imaps may still be finishing in workers: the gauges must reach zero once they have. */
    static void assertGaugesSettleAtZero(ProcessPool pool) {
        PoolMetrics metrics = pool.metrics();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (metrics.tasksInFlight() + metrics.tasksPending() + metrics.workersBusy() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        assertThat(new long[] {metrics.tasksInFlight(), metrics.tasksPending(), metrics.workersBusy()})
                .as("tasks in flight, tasks pending, workers busy with nothing running").containsExactly(0, 0, 0);
    }

    @Test
    void anImapWhoseInputThrowsAnErrorFailsAtThatItemInsteadOfWaitingForever() {
        Iterator<Integer> broken = new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (next == 5) {
                    throw new AssertionError("a broken input");
                }
                return next++;
            }
        };
        List<Integer> taken = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (ResultIterator<Integer> results = pool.imap((Integer x) -> x * 2, broken, 1)) {
            assertTimeoutPreemptively(WAIT, () -> {
                while (results.hasNext()) {
                    try {
                        taken.add(results.next());
                    } catch (TaskFailedException e) {
                        failure.set(e);
                    }
                }
            }, "taking the results of an imap whose input failed");
        }

        assertThat(taken).containsExactly(0, 2, 4, 6, 8);
        assertThat(failure.get()).isInstanceOf(TaskFailedException.class).hasMessageContaining("a broken input")
                .cause().isInstanceOf(AssertionError.class);
        assertThat(pool.map((Integer x) -> x + 1, range(0, 10))).as("the pool afterwards").isEqualTo(range(1, 11));
    }

    // ------------------------------------------------------------------ failures

    /**
     * An {@link Error} in one of the pool's own threads (here from a listener, which runs on them)
     * must not leave calls waiting forever: the pool stops, failing what is pending with the
     * cause, and its metrics and workers say that no worker is left.
     */
    @Test
    void anErrorInOneOfThePoolsThreadsFailsThePendingCallsAndStopsThePool() throws InterruptedException {
        ProcessPool failing = ownPool(config("thread-error").processes(1));
        List<WorkerInfo> workers = failing.workers();
        failing.addListener(event -> {
            if (event instanceof PoolEvent.ChunkCompleted) {
                throw new AssertionError("a listener bug");
            }
        });

        AsyncResult<List<Integer>> pending = failing.mapAsync((Integer x) -> x * 2, range(0, 100), 10, null, null);

        Throwable failure = catchThrowable(() -> pending.get(WAIT));
        assertThat(failure).isInstanceOf(PoolClosedException.class)
                .hasMessageContaining("pool " + failing.config().name() + " stopped: its ")
                .hasMessageContaining("thread failed: java.lang.AssertionError: a listener bug")
                .cause().isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> failing.apply(() -> 1)).isInstanceOf(PoolClosedException.class)
                .hasMessageContaining("a listener bug");
        assertThat(failing.isClosed()).isTrue();
        assertTimeoutPreemptively(WAIT, failing::close, "close() of the stopped pool");
        assertThat(failing.metrics().workersAlive()).isZero();
        assertThat(failing.workers()).isEmpty();
        assertGaugesSettleAtZero(failing);
        for (WorkerInfo worker : workers) {
            assertGone(worker);
        }
    }


    @Test
    void aTaskExceptionArrivesWithItsTypeMessageWorkerStackTraceAndCauses() {
        Throwable failure = catchThrowable(() -> pool.apply((Integer x) -> PoolTasks.failOn(x, 7), 7));

        assertThat(failure).isInstanceOf(TaskFailedException.class).hasMessageContaining("bad item 7");
        Throwable cause = failure.getCause();
        assertThat(cause).isInstanceOf(IllegalStateException.class).hasMessage("bad item 7");
        assertThat(cause.getStackTrace()).as("the worker's stack trace").anySatisfy(frame -> {
            assertThat(frame.getClassName()).isEqualTo(PoolTasks.class.getName());
            assertThat(frame.getMethodName()).isEqualTo("failOn");
        });
        assertThat(cause.getCause()).isInstanceOf(ArithmeticException.class).hasMessage("root cause of item 7");

        AsyncResult<Object> checked = pool.applyAsync(() -> {
            throw new IOException("disk full");
        });
        assertThatThrownBy(() -> checked.get(WAIT)).isInstanceOf(TaskFailedException.class).cause()
                .isInstanceOf(IOException.class).hasMessage("disk full");

        assertThat(pool.apply(() -> "still working")).isEqualTo("still working");
    }

    @Test
    void aFailedTaskFailsItsMapAndThePoolGoesOn() {
        Throwable failure = catchThrowable(() -> pool.map((Integer x) -> PoolTasks.failOn(x, 37), range(0, 100)));

        assertThat(failure).isInstanceOf(TaskFailedException.class).hasMessageContaining("#37");
        assertThat(failure.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("bad item 37");
        assertThat(pool.map((Integer x) -> x * 2, range(0, 100))).isEqualTo(doubled(range(0, 100)));
    }

    // ------------------------------------------------------------------ workers

    @Test
    void theInitializerRanOnceInEachWorkerBeforeItsTasks() {
        String poolToken = token;
        List<String> runsByWorker = pool.map((Integer x) -> PoolTasks.whoAmI() + " " + PoolTasks.initializerRuns(poolToken),
                range(0, 200), 1);

        assertThat(runsByWorker).allSatisfy(entry -> assertThat(entry).endsWith(" 1"));
        assertThat(runsByWorker.stream().distinct().count()).as("workers that ran tasks").isBetween(1L, 2L);
    }

    @Test
    void workersAreRecycledAfterMaxTasksPerChildAndResultsStayCorrect() {
        ProcessPool recycling = ownPool(config("recycle").processes(1).maxTasksPerChild(2));

        List<String> results = recycling.map((Integer x) -> x * 10 + " by " + PoolTasks.whoAmI(), range(0, 6), 1);

        assertThat(results).extracting(r -> r.substring(0, r.indexOf(' '))).containsExactly("0", "10", "20", "30", "40", "50");
        Map<String, Long> tasksByWorker = results.stream().map(r -> r.substring(r.indexOf(" by ") + 4))
                .collect(Collectors.groupingBy(worker -> worker, Collectors.counting()));
        assertThat(tasksByWorker).as("tasks by worker").hasSize(3).allSatisfy((worker, tasks) -> assertThat(tasks).isEqualTo(2));
        assertThat(recycling.metrics().workersRecycled()).isGreaterThanOrEqualTo(2);
        assertThat(recycling.metrics().workersCrashed()).isZero();
        assertThat(recycling.map((Integer x) -> x * 2, range(0, 20))).isEqualTo(doubled(range(0, 20)));
    }

    @Test
    void aTaskCanPutIntoAQueueTheCallerCreated() {
        ProcessQueue<Integer> queue = Queues.queue();

        assertThat(pool.map((Integer x) -> {
            queue.put(x);
            return x;
        }, range(0, 20), 1)).isEqualTo(range(0, 20));

        Set<Integer> received = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            received.add(queue.get(WAIT));
        }
        assertThat(received).isEqualTo(new HashSet<>(range(0, 20)));
    }

    @Test
    void workersListsEachWorkerWithThePidItsTasksSee() {
        List<WorkerInfo> workers = pool.workers();

        assertThat(workers).hasSize(2);
        assertThat(workers).extracting(WorkerInfo::name).doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name).startsWith(pool.config().name() + "-worker-"));
        assertThat(workers).allSatisfy(this::assertRunning);
        assertThat(workers).extracting(WorkerInfo::state).allSatisfy(state -> assertThat(state).isIn("starting", "idle", "busy"));
        Set<Long> pids = workers.stream().map(WorkerInfo::pid).collect(Collectors.toSet());

        assertThat(pool.map((Integer x) -> PoolTasks.pid(), range(0, 200), 1)).allSatisfy(pid -> assertThat(pids).contains(pid));
        assertThat(pool.workers()).extracting(WorkerInfo::tasksDone).allSatisfy(done -> assertThat(done).isNotNegative());
        assertThat(pool.workers().stream().mapToLong(WorkerInfo::tasksDone).sum()).isGreaterThanOrEqualTo(200);
    }

    // ------------------------------------------------------------------ metrics and events

    @Test
    void metricsCountCompletedAndFailedTasks() {
        PoolMetrics metrics = pool.metrics();
        long completed = metrics.tasksCompleted();
        long failed = metrics.tasksFailed();
        long nanos = metrics.taskNanosTotal();

        pool.map((Integer x) -> x, range(0, 100));
        catchThrowable(() -> pool.apply((Integer x) -> PoolTasks.failOn(x, x), 1));

        assertThat(metrics.tasksCompleted()).isGreaterThanOrEqualTo(completed + 100);
        assertThat(metrics.tasksFailed()).isGreaterThanOrEqualTo(failed + 1);
        assertThat(metrics.taskNanosTotal()).isGreaterThan(nanos);
        assertThat(metrics.workersAlive()).isEqualTo(2);
        assertThat(metrics.workersStarted()).isGreaterThanOrEqualTo(2);
        assertThat(metrics.workersCrashed()).isZero();
        assertThat(metrics.tasksRetried()).isZero();
        assertThat(metrics.tasksTimedOut()).isZero();
    }

    @Test
    void listenersHearEveryCompletedChunk() throws InterruptedException {
        BlockingQueue<PoolEvent.ChunkCompleted> chunks = new LinkedBlockingQueue<>();
        Consumer<PoolEvent> listener = event -> {
            if (event instanceof PoolEvent.ChunkCompleted chunk) {
                chunks.add(chunk);
            }
        };
        pool.addListener(listener);

        pool.map((Integer x) -> x, range(0, 50), 10);
        int tasks = 0;
        while (tasks < 50) {
            PoolEvent.ChunkCompleted chunk = chunks.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(chunk).as("a chunkCompleted event").isNotNull();
            if (chunk.tasks() == 10 && chunk.failed() == 0) {
                tasks += 10;
                assertThat(chunk.nanos()).as("nanos").isNotNegative();
            }
        }

        catchThrowable(() -> pool.apply((Integer x) -> PoolTasks.failOn(x, x), 1));
        PoolEvent.ChunkCompleted failedChunk = chunks.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(failedChunk).isNotNull();
        assertThat(new int[] {failedChunk.tasks(), failedChunk.failed()}).containsExactly(1, 1);

        assertThat(pool.removeListener(listener)).isTrue();
        assertThat(pool.removeListener(listener)).as("removed twice").isFalse();
        chunks.clear();
        pool.map((Integer x) -> x, range(0, 50), 10);
        assertThat(chunks).as("events heard after removeListener").isEmpty();
    }

    /**
     * A chunk's event carries each task's own time, not the chunk's mean: in a chunk of five
     * instant and five 60 ms tasks, the slow ones each show at least 60 ms, the instant ones
     * together less than one slow one (the mean would give each 30 ms).
     */
    @Test
    void aChunkEventCarriesEachTasksOwnTime() throws InterruptedException {
        BlockingQueue<PoolEvent.ChunkCompleted> chunks = new LinkedBlockingQueue<>();
        Consumer<PoolEvent> listener = event -> {
            if (event instanceof PoolEvent.ChunkCompleted chunk && "two-speeds".equals(chunk.label())) {
                chunks.add(chunk);
            }
        };
        pool.addListener(listener);
        try {
            pool.map((Integer x) -> PoolTasks.napThenWhoAmI(x % 2 == 0 ? 0 : 60), range(0, 10),
                    CallOptions.labelled("two-speeds").withChunkSize(10));
            PoolEvent.ChunkCompleted chunk = chunks.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(chunk).as("the call's one chunk").isNotNull();
            TaskTimes times = chunk.taskTimes();
            assertThat(times.measured()).isTrue();
            assertThat(times.count()).isEqualTo(10);
            long instant = 0;
            for (int i = 0; i < 10; i++) {
                if (i % 2 == 0) {
                    instant += times.nanos(i);
                } else {
                    assertThat(times.nanos(i)).as("slow task %d", i).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(60));
                }
            }
            assertThat(instant).as("the five instant tasks together").isLessThan(TimeUnit.MILLISECONDS.toNanos(60));
        } finally {
            pool.removeListener(listener);
        }
    }

    /** A listener's exception is its own bug: logged, and neither the pool nor other listeners notice. */
    @Test
    void aListenerThatThrowsDoesNotHarmThePoolOrOtherListeners() {
        ProcessPool listened = ownPool(config("throwing-listener").processes(1));
        AtomicInteger heard = new AtomicInteger();
        listened.addListener(event -> {
            throw new IllegalStateException("a listener bug");
        });
        listened.addListener(event -> {
            if (event instanceof PoolEvent.ChunkCompleted chunk) {
                heard.addAndGet(chunk.tasks());
            }
        });

        assertThat(listened.map((Integer x) -> x * 2, range(0, 20), 5)).isEqualTo(doubled(range(0, 20)));
        assertThat(listened.map((Integer x) -> x * 2, range(0, 20), 5)).isEqualTo(doubled(range(0, 20)));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (heard.get() < 40 && System.nanoTime() < deadline) {
            // a chunk is heard of after its results were delivered
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        assertThat(heard).as("tasks of the chunks the second listener heard of").hasValue(40);
        assertThat(listened.metrics().workersCrashed()).isZero();
    }

    /** The listener interface from before the events were records still hears them, each by its own method. */
    @Test
    @SuppressWarnings("deprecation")
    void theOldPoolListenerStillHearsChunksAndWorkers() throws InterruptedException {
        ProcessPool listened = ownPool(config("old-listener").processes(1).maxTasksPerChild(5));
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        listened.addListener(new PoolListener() {
            @Override
            public void chunkCompleted(int tasks, int failed, long nanos) {
                heard.add("chunk " + tasks + " " + failed);
            }

            @Override
            public void workerStarted(WorkerInfo worker) {
                heard.add("started");
            }

            @Override
            public void workerExited(WorkerInfo worker, int exitCode, boolean crashed) {
                heard.add("exited " + crashed);
            }
        });

        listened.map((Integer x) -> x, range(0, 5), 5);
        List<String> events = new ArrayList<>();
        while (!events.contains("exited false") || events.lastIndexOf("started") < events.indexOf("exited false")) {
            String event = heard.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(event).as("the recycled worker's exit and its replacement's start; heard so far: " + events).isNotNull();
            events.add(event);
        }
        assertThat(events).contains("chunk 5 0");
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * The interrupt policy: a caller interrupted while it waits for a result gets an
     * {@link MpInterruptedException} with its interrupt status set again, and the call goes on.
     */
    @Test
    void anInterruptedWaitForResultsThrowsMpInterruptedExceptionAndTheCallGoesOn() {
        AsyncResult<Integer> slow = pool.applyAsync(() -> {
            Thread.sleep(500);
            return 7;
        });
        Thread.currentThread().interrupt();
        assertThatThrownBy(slow::get).isInstanceOf(MpInterruptedException.class)
                .hasMessageContaining("a pool result").cause().isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).as("the interrupt status, set again").isTrue();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> slow.await(WAIT)).isInstanceOf(MpInterruptedException.class);
        assertThat(Thread.interrupted()).as("the interrupt status, set again").isTrue();
        assertThat(slow.get(WAIT)).isEqualTo(7);

        try (ResultIterator<String> results = pool.imap((Integer x) -> PoolTasks.napThenWhoAmI(x), List.of(500, 0))) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(results::next).isInstanceOf(MpInterruptedException.class)
                    .cause().isInstanceOf(InterruptedException.class);
            assertThat(Thread.interrupted()).as("the interrupt status, set again").isTrue();
            assertThat(List.of(results.next(), results.next())).hasSize(2);
        }
    }

    @Test
    void anInterruptedJoinThrowsMpInterruptedExceptionAndCanBeJoinedAgain() {
        ProcessPool closing = ownPool(config("interrupted-join").processes(1));
        AsyncResult<String> slow = closing.applyAsync((Integer millis) -> PoolTasks.napThenWhoAmI(millis), 500);
        closing.shutdown();

        Thread.currentThread().interrupt();
        assertThatThrownBy(closing::join).isInstanceOf(MpInterruptedException.class)
                .cause().isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).as("the interrupt status, set again").isTrue();
        assertThat(slow.get(WAIT)).isNotNull();
        assertTimeoutPreemptively(WAIT, () -> closing.join(), "join() after the interrupted one");
    }


    @Test
    void closeLetsSubmittedWorkFinishThenRefusesNewWork() throws InterruptedException {
        ProcessPool closing = ownPool(config("close").processes(2));
        List<WorkerInfo> workers = closing.workers();
        AsyncResult<List<Integer>> submitted = closing.mapAsync((Integer x) -> x * 2, range(0, 1_000));

        closing.close();

        assertThat(submitted.get(WAIT)).isEqualTo(doubled(range(0, 1_000)));
        assertThat(closing.isClosed()).isTrue();
        assertRefusesWork(closing);
        assertThat(closing.join(WAIT)).isTrue();
        assertThat(closing.workers()).isEmpty();
        for (WorkerInfo worker : workers) {
            assertGone(worker);
        }
        closing.close();
    }

    @Test
    void terminateFailsPendingAndRunningWorkAtOnceAndStopsEveryWorker() throws InterruptedException {
        ProcessPool terminating = ownPool(config("terminate").processes(1));
        List<WorkerInfo> workers = terminating.workers();
        ProcessQueue<Long> started = Queues.queue();
        AsyncResult<String> running = terminating.applyAsync(() -> PoolTasks.signalThenRunForever(started));
        AsyncResult<Integer> waiting = terminating.applyAsync(() -> 1);
        AsyncResult<List<Integer>> waitingMap = terminating.mapAsync((Integer x) -> x, range(0, 100));
        ResultIterator<Integer> waitingImap = terminating.imap((Integer x) -> x, range(0, 100));
        started.get(WAIT);

        terminating.terminate();

        for (AsyncResult<?> result : List.of(running, waiting, waitingMap)) {
            assertThat(result.ready()).as("ready when terminate() returns").isTrue();
            assertThatThrownBy(result::get).isInstanceOf(PoolClosedException.class);
        }
        assertThatThrownBy(() -> {
            while (waitingImap.hasNext()) {
                waitingImap.next();
            }
        }).isInstanceOf(PoolClosedException.class);
        assertThat(terminating.isClosed()).isTrue();
        assertThat(terminating.metrics().workersAlive()).isZero();
        for (WorkerInfo worker : workers) {
            assertGone(worker);
        }
        assertRefusesWork(terminating);
    }

    /**
     * A chunk of ten tasks whose fourth is stuck: the results of the first three arrive while it
     * runs and are kept, only the fourth times out, and the six that had not started run on
     * another worker without counting as retried.
     */
    @Test
    void aTaskPastTheTimeoutFailsAloneTheResultsBeforeItAreKeptAndTheTasksAfterItRunElsewhere() {
        ProcessPool timed = ownPool(config("chunk-timeout").processes(2).taskTimeout(Duration.ofSeconds(1)));
        ProcessQueue<String> running = Queues.queue();
        ResultIterator<Object> results = timed.imap(
                (Integer x) -> x == 3 ? PoolTasks.signalWhoThenRunForever(running) : PoolTasks.whoAmI(), range(0, 10).iterator(), 10);

        List<Object> before = List.of(results.next(), results.next(), results.next());
        String victim = running.get(WAIT);

        assertThat(before).as("workers that ran tasks #0-2, in the stuck task's chunk").containsOnly(victim);
        assertThatThrownBy(results::next).isInstanceOf(TaskTimeoutException.class).hasMessageContaining("task #3 of")
                .hasMessageContaining("PT1S");
        List<Object> after = new ArrayList<>();
        results.forEachRemaining(after::add);
        assertThat(after).as("workers that ran tasks #4-9").hasSize(6).doesNotContain(victim);
        assertThat(timed.metrics().tasksTimedOut()).isEqualTo(1);
        assertThat(timed.metrics().tasksFailed()).isEqualTo(1);
        assertThat(timed.metrics().tasksRetried()).isZero();
        assertThat(timed.metrics().tasksCompleted()).isEqualTo(9);
    }

    /** The timeout is a task's own: a stuck task among ten thousand tiny ones of one chunk is found in about the timeout. */
    @Test
    void aStuckTaskInAChunkOfThousandsOfTinyTasksTimesOutAfterTheTaskTimeoutNotTheChunks() {
        ProcessPool timed = ownPool(config("tiny-timeout").processes(2).taskTimeout(Duration.ofSeconds(1)));

        AsyncResult<List<Object>> result = timed.mapAsync(
                (Integer x) -> x == 5_000 ? PoolTasks.runForever() : (Object) x, range(0, 10_000), 10_000, null, null);

        assertThatThrownBy(() -> result.get(Duration.ofSeconds(30))).isInstanceOf(TaskTimeoutException.class)
                .hasMessageContaining("task #5000 of");
        assertThat(timed.metrics().tasksTimedOut()).isEqualTo(1);
    }

    /**
     * A job of slow tasks after a job of empty ones (chunks of microseconds), on the same pool:
     * the times measured on the first must not let one worker take the second while the other
     * idles, and the queue-depth gauge shows the tasks that wait.
     */
    @Test
    void slowTasksAfterAJobOfEmptyOnesAreSharedByBothWorkersAndCountedAsPending() {
        ProcessPool shared = ownPool(config("after-empty").processes(2));
        assertThat(shared.map((Integer x) -> x, range(0, 100_000), 100)).hasSize(100_000);

        AsyncResult<List<String>> slow = shared.mapAsync((Integer x) -> PoolTasks.napThenWhoAmI(5), range(0, 300));

        assertPendingWhileManyWait(shared, slow);
        assertSharedByBothWorkers(slow.get(WAIT));
    }

    /**
     * One function first given near-empty items, then slow ones: the time it took on the first
     * call seeds the second, but does not put the second's tasks in one chunk on one worker.
     */
    @Test
    void aFunctionsFastHistoryDoesNotPutItsSlowCallOnOneWorker() {
        ProcessPool shared = ownPool(config("history").processes(2));
        SerializableFunction<Integer, String> job = PoolTasks::napThenWhoAmI;
        assertThat(shared.map(job, Collections.nCopies(20_000, 0))).hasSize(20_000);

        assertSharedByBothWorkers(shared.map(job, Collections.nCopies(300, 5)));
    }

    /** Both workers ran at least a quarter of the job: neither sat idle while the other held its tasks. */
    private static void assertSharedByBothWorkers(List<String> ranOn) {
        Map<String, Long> tasksPerWorker = ranOn.stream().collect(Collectors.groupingBy(who -> who, Collectors.counting()));
        assertThat(tasksPerWorker).as("tasks of the job per worker").hasSize(2)
                .allSatisfy((worker, tasks) -> assertThat(tasks).as("tasks of %s", worker).isGreaterThanOrEqualTo(ranOn.size() / 4));
    }

    private static void assertPendingWhileManyWait(ProcessPool pool, AsyncResult<?> job) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (job.progress().done() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        long pending = pool.metrics().tasksPending();
        long done = job.progress().done();
        if (done < job.progress().total() - 100) {
            assertThat(pending).as("tasks pending when %d of %d are done", done, job.progress().total()).isPositive();
        }
    }

    private static void assertRefusesWork(ProcessPool closed) {
        assertThatThrownBy(() -> closed.apply(() -> 1)).isInstanceOf(PoolClosedException.class);
        assertThatThrownBy(() -> closed.applyAsync(() -> 1)).isInstanceOf(PoolClosedException.class);
        assertThatThrownBy(() -> closed.map((Integer x) -> x, List.of(1))).isInstanceOf(PoolClosedException.class);
        assertThatThrownBy(() -> closed.starmap((Integer a, Integer b) -> a + b, List.of(Map.entry(1, 2)), 0))
                .isInstanceOf(PoolClosedException.class);
        assertThatThrownBy(() -> closed.imap((Integer x) -> x, List.of(1))).isInstanceOf(PoolClosedException.class);
        assertThatThrownBy(() -> closed.imapUnordered((Integer x) -> x, List.of(1))).isInstanceOf(PoolClosedException.class);
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** 0, 1, 2, ... forever, counting how many were read. */
    static final class CountingEndlessIterator implements Iterator<Long> {
        private final AtomicLong next = new AtomicLong();

        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public Long next() {
            return next.getAndIncrement();
        }

        long read() {
            return next.get();
        }
    }
}
