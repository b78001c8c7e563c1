package io.github.mp4j.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.mp4j.function.SerializableCallable;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.queue.Queues;
import io.github.mp4j.runtime.StartMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * What a pool promises about the calls it runs (issue 12): stopping a call, per-call options,
 * sharing the workers between calls, a bound on pending work, and the Python shapes beyond
 * {@code map}. Each subclass runs every test with one {@link StartMethod}. Tests that leave the
 * pool as they found it share one pool of two workers per class; tests that need a configuration
 * of their own start a small pool, terminated after the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class CallControlContract {

    static final Duration WAIT = Duration.ofSeconds(60);
    /** How long a trivial task may take when a worker is free to run it, noise of a busy machine included. */
    static final Duration TRIVIAL_TASK = Duration.ofSeconds(20);

    ProcessPool pool;
    private final List<ProcessPool> ownPools = new ArrayList<>();

    /** @return the start method under test */
    abstract StartMethod startMethod();

    PoolConfig.Builder config(String name) {
        return PoolConfig.custom().name(startMethod().name().toLowerCase(Locale.ROOT) + "-calls-" + name)
                .startMethod(startMethod());
    }

    /** @return a pool of the test's own, terminated after the test */
    ProcessPool ownPool(PoolConfig.Builder config) {
        ProcessPool own = ProcessPool.create(config.build());
        ownPools.add(own);
        return own;
    }

    @BeforeAll
    void startSharedPool() {
        pool = ProcessPool.create(config("shared").processes(2).build());
    }

    @AfterEach
    void terminateOwnPools() {
        ownPools.forEach(ProcessPool::terminate);
        ownPools.clear();
    }

    @AfterAll
    void terminateSharedPool() {
        if (pool != null) {
            pool.terminate();
        }
        assertNoWorkerLeft();
    }

    /** Asserts that no worker of any pool of this class outlived its pool. */
    void assertNoWorkerLeft() {
    }

    static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().collect(Collectors.toList());
    }

    static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited for: %s", what).isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    static int drain(ProcessQueue<Integer> queue) {
        int count = 0;
        try {
            while (true) {
                queue.getNowait();
                count++;
            }
        } catch (RuntimeException empty) {
            return count;
        }
    }

    // ------------------------------------------------------------------ cancel

    /**
     * Without interruption, a cancelled map's waiting tasks are dropped, its running chunks finish
     * and are discarded, another call running at the same time completes, and the workers take new
     * work at once.
     */
    @Test
    void cancellingARunningMapDropsItsWaitingTasksAndFailsOnlyThatCall() {
        ProcessQueue<Integer> started = Queues.queue();
        AsyncResult<List<Integer>> big = pool.mapAsync((Integer x) -> CallTasks.signalThenNap(started, x, 100),
                range(0, 10_000), CallOptions.labelled("big").withChunkSize(1));
        AsyncResult<List<Integer>> other = pool.mapAsync((Integer x) -> CallTasks.nap(x, 20), range(0, 40),
                CallOptions.defaults().withChunkSize(1));
        started.get(WAIT);
        drain(started);

        assertThat(big.cancel()).isTrue();

        assertThat(big.isCancelled()).isTrue();
        assertThat(big.ready()).isTrue();
        assertThat(big.successful()).isFalse();
        assertThatThrownBy(big::get).isInstanceOf(CancellationException.class).hasMessageContaining("cancelled");
        assertThat(big.toCompletableFuture().isCancelled()).isTrue();
        assertThat(big.cancel()).as("a second cancel").isFalse();
        assertThat(other.get(WAIT)).as("the call running beside it").isEqualTo(range(0, 40));
        assertThat(pool.applyAsync(() -> "free").get(TRIVIAL_TASK)).isEqualTo("free");
        assertGaugesSettleAtZero(pool);
        assertThat(drain(started)).as("tasks of the cancelled call started after the cancel: at most those workers held")
                .isLessThanOrEqualTo(4);
    }

    /** With interruption, the workers running its tasks are replaced at once, and not counted as crashed. */
    @Test
    void cancellingWithInterruptionReplacesTheWorkersRunningItsTasks() {
        ProcessPool own = ownPool(config("interrupt").processes(2));
        BlockingQueue<PoolEvent.WorkerExited> exits = new LinkedBlockingQueue<>();
        own.addListener(event -> {
            if (event instanceof PoolEvent.WorkerExited exited) {
                exits.add(exited);
            }
        });
        ProcessQueue<Integer> started = Queues.queue();
        AsyncResult<List<Integer>> stuck = own.mapAsync((Integer x) -> CallTasks.signalThenRunForever(started, x),
                range(0, 100), CallOptions.defaults().withChunkSize(1));
        started.get(WAIT);
        started.get(WAIT);
        long workersStarted = own.metrics().workersStarted();

        assertThat(stuck.cancel(true)).isTrue();

        assertThatThrownBy(() -> stuck.get(WAIT)).isInstanceOf(CancellationException.class);
        assertThat(own.map((Integer x) -> x * 2, range(0, 4), 1)).as("a call after the cancel").containsExactly(0, 2, 4, 6);
        awaitTrue("two replacement workers", () -> own.metrics().workersStarted() == workersStarted + 2
                && own.metrics().workersAlive() == 2);
        assertThat(own.metrics().workersCrashed()).isZero();
        assertThat(exits).hasSize(2).allSatisfy(exit -> assertThat(exit.crashed()).isFalse());
        assertGaugesSettleAtZero(own);
    }

    @Test
    void cancellingTheCompletableFutureViewStopsTheCall() {
        ProcessPool own = ownPool(config("view").processes(1));
        ProcessQueue<Integer> started = Queues.queue();
        AsyncResult<List<Integer>> result = own.mapAsync((Integer x) -> CallTasks.signalThenRunForever(started, x),
                range(0, 10), CallOptions.defaults().withChunkSize(1));
        CompletableFuture<List<Integer>> view = result.toCompletableFuture();
        CompletableFuture<Integer> derived = view.thenApply(List::size);
        started.get(WAIT);

        assertThat(view.cancel(true)).isTrue();

        assertThat(result.isCancelled()).isTrue();
        assertThatThrownBy(result::get).isInstanceOf(CancellationException.class);
        assertThat(derived).isCompletedExceptionally();
        assertThat(own.applyAsync(() -> "free").get(TRIVIAL_TASK)).isEqualTo("free");
        assertGaugesSettleAtZero(own);
    }

    @Test
    void closingAnImapEarlyStopsItsCallAndFreesTheWorkers() {
        ProcessQueue<Integer> started = Queues.queue();
        long callsBefore = pool.metrics().callsInFlight();
        ResultIterator<Integer> results = pool.imap((Integer x) -> CallTasks.signalThenNap(started, x, 50),
                new Counting(), CallOptions.defaults().withChunkSize(1));
        assertThat(results.next()).isZero();
        assertThat(results.next()).isEqualTo(1);
        assertThat(pool.metrics().callsInFlight()).isEqualTo(callsBefore + 1);

        drain(started);
        results.close();

        assertThat(results.hasNext()).isFalse();
        assertThat(pool.metrics().callsInFlight()).isEqualTo(callsBefore);
        assertThat(pool.applyAsync(() -> "free").get(TRIVIAL_TASK)).isEqualTo("free");
        assertGaugesSettleAtZero(pool);
        assertThat(drain(started)).as("tasks started after the close: at most those workers held").isLessThanOrEqualTo(4);
    }

    // ------------------------------------------------------------------ per-call options

    @Test
    void aCallsTaskTimeoutOverridesThePoolsInBothDirections() {
        ProcessQueue<Integer> started = Queues.queue();
        AsyncResult<Integer> limited = pool.applyAsync(() -> CallTasks.signalThenRunForever(started, 1),
                CallOptions.defaults().withTaskTimeout(Duration.ofMillis(500)));
        Throwable timedOut = catchThrowable(() -> limited.get(WAIT));
        assertThat(timedOut).isInstanceOf(TaskTimeoutException.class).hasMessageContaining("PT0.5S");
        assertThat(pool.apply((Integer x) -> CallTasks.nap(x, 1000), 7)).as("a call of the same pool without a timeout")
                .isEqualTo(7);

        ProcessPool strict = ownPool(config("strict").processes(1).taskTimeout(Duration.ofMillis(300)));
        assertThat(strict.applyAsync((Integer x) -> CallTasks.nap(x, 1500), 8, CallOptions.defaults()
                .withTaskTimeout(Duration.ZERO)).get(WAIT)).as("a call without limit on a pool with one").isEqualTo(8);
        assertThatThrownBy(() -> strict.apply((Integer x) -> CallTasks.nap(x, 5000), 9)).as("the pool's own limit")
                .isInstanceOf(TaskTimeoutException.class);
    }

    @Test
    void aCallPastItsCallTimeoutIsStoppedAndFailsWithCallTimeoutException() {
        ProcessQueue<Integer> started = Queues.queue();
        AsyncResult<List<Integer>> slow = pool.mapAsync((Integer x) -> CallTasks.signalThenNap(started, x, 200),
                range(0, 1000), CallOptions.labelled("slow").withCallTimeout(Duration.ofMillis(700)).withChunkSize(1));

        Throwable failure = catchThrowable(() -> slow.get(WAIT));

        assertThat(failure).isInstanceOf(CallTimeoutException.class).hasMessageContaining("PT0.7S");
        assertThat(pool.applyAsync(() -> "free").get(TRIVIAL_TASK)).isEqualTo("free");
        assertGaugesSettleAtZero(pool);
        assertThat(pool.metrics().workersCrashed()).isZero();
    }

    @Test
    void labelsReachChunkEventsAndCallsInFlightAreCounted() throws InterruptedException {
        Set<String> labels = ConcurrentHashMap.newKeySet();
        java.util.function.Consumer<PoolEvent> listener = event -> {
            if (event instanceof PoolEvent.ChunkCompleted chunk) {
                labels.add(chunk.label());
            }
        };
        pool.addListener(listener);
        long callsBefore = pool.metrics().callsInFlight();
        try {
            assertThat(pool.map((Integer x) -> x + 1, range(0, 100), CallOptions.labelled("nightly-report")))
                    .hasSize(100);
            assertThat(pool.map((Integer x) -> x + 1, range(0, 100))).hasSize(100);
            ProcessQueue<Long> begun = Queues.queue();
            ProcessQueue<String> release = Queues.queue();
            AsyncResult<String> held = pool.applyAsync(() -> PoolTasks.signalThenWait(begun, release));
            begun.get(WAIT);
            assertThat(pool.metrics().callsInFlight()).isEqualTo(callsBefore + 1);
            release.put("done");
            assertThat(held.get(WAIT)).isEqualTo("done");
            awaitTrue("the call no longer in flight", () -> pool.metrics().callsInFlight() == callsBefore);
        } finally {
            pool.removeListener(listener);
        }
        assertThat(labels).contains("nightly-report", CallOptions.UNLABELLED);
    }

    @Test
    void callOptionsRefuseWhatIsOutOfRangeNamingTheSetting() {
        assertThatThrownBy(() -> CallOptions.labelled(" ")).hasMessageContaining("label");
        assertThatThrownBy(() -> CallOptions.defaults().withPriority(0)).hasMessageContaining("priority must be between 1 and 100, was 0");
        assertThatThrownBy(() -> CallOptions.defaults().withRetries(11)).hasMessageContaining("retries");
        assertThatThrownBy(() -> CallOptions.defaults().withChunkSize(-1)).hasMessageContaining("chunkSize");
        assertThatThrownBy(() -> CallOptions.defaults().withReadAhead(0)).hasMessageContaining("readAhead");
        assertThatThrownBy(() -> CallOptions.defaults().withCallTimeout(Duration.ofSeconds(-1))).hasMessageContaining("callTimeout");
        assertThat(CallOptions.labelled("a").withPriority(3)).isEqualTo(CallOptions.labelled("a").withPriority(3));
    }

    // ------------------------------------------------------------------ sharing the workers

    /** A small call submitted behind a big one runs as soon as a worker finishes a chunk, not after the big call. */
    @Test
    void aSmallCallBehindABigOneRunsWhileTheBigOneGoesOn() {
        AsyncResult<List<Integer>> big = pool.mapAsync((Integer x) -> CallTasks.nap(x, 5), range(0, 4000));
        try {
            awaitTrue("the big call under way", () -> big.progress().done() > 0);

            List<Integer> small = pool.mapAsync((Integer x) -> x * 2, range(0, 10)).get(WAIT);

            assertThat(small).hasSize(10);
            assertThat(big.progress().done()).as("tasks of the big call done when the small one finished").isLessThan(2000);
        } finally {
            big.cancel();
        }
    }

    /** Of two calls waiting for one worker, the one of priority 4 gets about four chunks for each of the other's. */
    @Test
    void priorityWeighsTheShareOfTheWorkers() {
        ProcessPool single = ownPool(config("priority").processes(1));
        ProcessQueue<Long> begun = Queues.queue();
        ProcessQueue<String> release = Queues.queue();
        AsyncResult<String> blocker = single.applyAsync(() -> PoolTasks.signalThenWait(begun, release));
        begun.get(WAIT);
        ProcessQueue<Integer> order = Queues.queue();
        AsyncResult<List<Integer>> low = single.mapAsync((Integer x) -> CallTasks.signalThenNap(order, x, 0), range(0, 20),
                CallOptions.labelled("low").withChunkSize(1));
        AsyncResult<List<Integer>> high = single.mapAsync((Integer x) -> CallTasks.signalThenNap(order, 100 + x, 0),
                range(0, 20), CallOptions.labelled("high").withChunkSize(1).withPriority(4));
        release.put("go");
        assertThat(blocker.get(WAIT)).isEqualTo("go");
        low.get(WAIT);
        high.get(WAIT);

        List<Integer> first = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            first.add(order.get(WAIT));
        }
        long highFirst = first.stream().filter(x -> x >= 100).count();
        assertThat(highFirst).as("tasks of the priority-4 call among the first 15 run: %s", first).isBetween(10L, 13L);
    }

    /**
     * Hundreds of single-task calls queued behind a busy worker run in the order they were
     * submitted, and each one's callback runs once with its own result.
     */
    @Test
    void queuedSingleTaskCallsRunInSubmissionOrderEachCallbackOnce() {
        ProcessPool single = ownPool(config("fifo").processes(1));
        ProcessQueue<Long> begun = Queues.queue();
        ProcessQueue<String> release = Queues.queue();
        AsyncResult<String> blocker = single.applyAsync(() -> PoolTasks.signalThenWait(begun, release));
        begun.get(WAIT);
        int calls = 300;
        ProcessQueue<Integer> order = Queues.queue();
        Map<Integer, Integer> callbacks = new ConcurrentHashMap<>();
        List<AsyncResult<Integer>> results = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            int item = i;
            results.add(single.applyAsync(() -> CallTasks.signalThenNap(order, item, 0),
                    value -> callbacks.merge(value, 1, Integer::sum), failure -> callbacks.merge(-1, 1, Integer::sum)));
        }
        release.put("go");
        assertThat(blocker.get(WAIT)).isEqualTo("go");

        for (int i = 0; i < calls; i++) {
            assertThat(results.get(i).get(WAIT)).isEqualTo(i);
        }
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            ran.add(order.get(WAIT));
        }
        assertThat(ran).as("the order the calls' tasks ran in").isEqualTo(range(0, calls));
        awaitTrue("every callback", () -> callbacks.size() == calls);
        assertThat(callbacks).as("callback runs per result").containsOnlyKeys(range(0, calls)).allSatisfy((value, runs) ->
                assertThat(runs).as("runs of the callback of %s", value).isEqualTo(1));
    }

    // ------------------------------------------------------------------ backpressure

    @Test
    void aFullPoolFailsACallAtOnceByDefaultAndTakesItOnceRoomIsFree() {
        ProcessPool bounded = ownPool(config("bounded").processes(1).maxPendingTasks(2));
        ProcessQueue<Long> begun = Queues.queue();
        ProcessQueue<String> release = Queues.queue();
        AsyncResult<String> held = bounded.applyAsync(() -> PoolTasks.signalThenWait(begun, release));
        AsyncResult<Integer> queued = bounded.applyAsync(() -> 2);
        begun.get(WAIT);

        assertThatThrownBy(() -> bounded.applyAsync(() -> 3)).isInstanceOf(PoolFullException.class)
                .hasMessageContaining("maxPendingTasks=2").hasMessageContaining("2 pending tasks");
        assertThatThrownBy(() -> bounded.mapAsync((Integer x) -> x, range(0, 1))).isInstanceOf(PoolFullException.class);

        release.put("released");
        assertThat(held.get(WAIT)).isEqualTo("released");
        assertThat(queued.get(WAIT)).isEqualTo(2);
        assertThat(bounded.applyAsync(() -> 3).get(WAIT)).isEqualTo(3);
        assertThat(bounded.map((Integer x) -> x, range(0, 5))).as("a call larger than the bound, alone").hasSize(5);
    }

    @Test
    void aFullPoolWithAPendingWaitBlocksTheCallerUntilRoomIsFree() throws Exception {
        ProcessPool bounded = ownPool(config("blocking").processes(1).maxPendingTasks(1).pendingWait(WAIT));
        ProcessQueue<Long> begun = Queues.queue();
        ProcessQueue<String> release = Queues.queue();
        AsyncResult<String> held = bounded.applyAsync(() -> PoolTasks.signalThenWait(begun, release));
        begun.get(WAIT);
        AtomicReference<AsyncResult<Integer>> submitted = new AtomicReference<>();
        Thread caller = new Thread(() -> submitted.set(bounded.applyAsync(() -> 4)), "blocked-caller");
        caller.setDaemon(true);
        caller.start();
        awaitTrue("the caller blocked", () -> caller.getState() == Thread.State.TIMED_WAITING);
        assertThat(submitted.get()).isNull();

        release.put("released");

        caller.join(WAIT.toMillis());
        assertThat(held.get(WAIT)).isEqualTo("released");
        assertThat(submitted.get().get(WAIT)).isEqualTo(4);
    }

    // ------------------------------------------------------------------ Python shapes

    @Test
    void nextWithATimeoutGivesUpWithoutEndingTheIteration() {
        ProcessQueue<Long> begun = Queues.queue();
        ProcessQueue<String> release = Queues.queue();
        try (ResultIterator<String> results = pool.imap((Integer x) -> PoolTasks.signalThenWait(begun, release), List.of(1))) {
            begun.get(WAIT);
            assertThatThrownBy(() -> results.next(Duration.ofMillis(100))).isInstanceOf(ResultTimeoutException.class)
                    .hasMessageContaining("the call goes on");
            release.put("released");
            assertThat(results.next(WAIT)).isEqualTo("released");
            assertThatThrownBy(() -> results.next(Duration.ofMillis(100))).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void mapOutcomesGivesEveryResultAndEveryFailureInInputOrder() {
        List<TaskOutcome<Integer>> outcomes = pool.mapOutcomes((Integer x) -> PoolTasks.failOn(x, 3), range(0, 10));

        assertThat(outcomes).hasSize(10);
        assertThat(outcomes.get(3).succeeded()).isFalse();
        assertThat(outcomes.get(3).failure()).isInstanceOf(TaskFailedException.class).hasMessageContaining("#3")
                .cause().isInstanceOf(IllegalStateException.class).hasMessage("bad item 3");
        assertThatThrownBy(() -> outcomes.get(3).value()).isSameAs(outcomes.get(3).failure());
        for (int i = 0; i < 10; i++) {
            if (i != 3) {
                assertThat(outcomes.get(i).value()).as("outcome %d", i).isEqualTo(i * 2);
            }
        }
        List<TaskOutcome<Long>> longs = pool.mapOutcomesAsync((Integer x) -> (long) x, range(0, 1000),
                CallOptions.defaults().withChunkSize(7)).get(WAIT);
        assertThat(longs).extracting(TaskOutcome::value).isEqualTo(range(0, 1000).stream().map(Integer::longValue)
                .collect(Collectors.toList()));
    }

    @Test
    void starmapTakesArgumentListsOfThreeToFiveAsArraysListsOrRecords() {
        List<Object> rows = List.of(new Object[] {"a", 1, true}, List.of("b", 2, false), new Row("c", 3, true));
        assertThat(pool.starmap((String name, Integer count, Boolean upper) -> upper ? name.toUpperCase(Locale.ROOT).repeat(count)
                : name.repeat(count), rows)).containsExactly("A", "bb", "CCC");
        assertThat(pool.starmap((Integer a, Integer b, Integer c, Integer d) -> a + b + c + d,
                List.of(List.of(1, 2, 3, 4), new Integer[] {5, 6, 7, 8}))).containsExactly(10, 26);
        assertThat(pool.starmapAsync((Integer a, Integer b, Integer c, Integer d, Integer e) -> a * b * c * d * e,
                List.of(List.of(1, 2, 3, 4, 5)), CallOptions.labelled("five")).get(WAIT)).containsExactly(120);

        assertThatThrownBy(() -> pool.starmap((Integer a, Integer b, Integer c) -> a, List.of(List.of(1, 2, 3), List.of(1, 2))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("#1").hasMessageContaining("has 2 arguments")
                .hasMessageContaining("takes 3");
        assertThatThrownBy(() -> pool.starmap((Integer a, Integer b, Integer c) -> a, List.of("not a list")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("#0").hasMessageContaining("java.lang.String");
    }

    @Test
    void starmapOfAVarargsFunctionSpreadsArgumentListsOfAnyLengthAsPythonsStarArgs() {
        List<Object> rows = List.of(new Object[] {1, 2, 3, 4, 5, 6, 7}, List.of("x", 3), new Row("r", 2, false),
                Map.entry("k", "v"), List.of(), new Integer[] {9});
        List<String> described = pool.starmap(args -> args.length + ":" + Arrays.toString(args), rows);
        assertThat(described).containsExactly("7:[1, 2, 3, 4, 5, 6, 7]", "2:[x, 3]", "3:[r, 2, false]", "2:[k, v]", "0:[]",
                "1:[9]");

        List<List<Integer>> wide = range(0, 200).stream().map(i -> range(i, i + 8)).collect(Collectors.toList());
        List<Integer> sums = pool.<Integer>starmapAsync(args -> {
            int sum = 0;
            for (Object argument : args) {
                sum += (Integer) argument;
            }
            return sum;
        }, wide, CallOptions.labelled("eight").withChunkSize(7)).get(WAIT);
        assertThat(sums).isEqualTo(range(0, 200).stream().map(i -> 8 * i + 28).collect(Collectors.toList()));

        assertThatThrownBy(() -> pool.starmap(args -> args.length, List.of(List.of(1), "not a list")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("#1").hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> pool.starmap(args -> (String) args[0], List.<Object>of(List.of(1))))
                .isInstanceOf(TaskFailedException.class).cause().isInstanceOf(ClassCastException.class);
    }

    /** A record as an argument list. */
    record Row(String name, int count, boolean upper) implements java.io.Serializable {
    }

    // ------------------------------------------------------------------ ExecutorService

    @Test
    void theExecutorServiceRunsSubmittedTasksAndReportsTheirFailuresAsTheJdkDoes() throws Exception {
        ExecutorService executor = pool.asExecutorService(CallOptions.labelled("executor"));

        Future<Integer> answer = executor.submit((Callable<Integer> & java.io.Serializable) () -> 6 * 7);
        assertThat(answer.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(42);
        Future<?> ran = executor.submit((Runnable & java.io.Serializable) () -> CallTasks.nap(1, 1));
        assertThat(ran.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNull();
        Future<Integer> failing = executor.submit((Callable<Integer> & java.io.Serializable) () -> PoolTasks.failOn(3, 3));
        assertThatThrownBy(() -> failing.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessage("bad item 3");

        List<Future<Integer>> all = executor.invokeAll(List.of(serializable(() -> 1), serializable(() -> 2),
                serializable(() -> PoolTasks.failOn(3, 3))));
        assertThat(all).allMatch(Future::isDone);
        assertThat(all.get(0).get()).isEqualTo(1);
        assertThat(all.get(1).get()).isEqualTo(2);
        assertThatThrownBy(() -> all.get(2).get()).isInstanceOf(ExecutionException.class);

        assertThat(executor.invokeAny(List.of(serializable(() -> PoolTasks.failOn(3, 3)), serializable(() -> 7))))
                .isEqualTo(7);
        assertThatThrownBy(() -> executor.invokeAny(List.of(serializable(() -> PoolTasks.failOn(3, 3)))))
                .isInstanceOf(ExecutionException.class);
        assertThatThrownBy(() -> executor.invokeAny(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theExecutorServiceTimesOutCancelsAndShutsDownAsTheJdkContractSays() throws Exception {
        ExecutorService executor = pool.asExecutorService();
        ProcessQueue<Integer> started = Queues.queue();

        List<Future<Integer>> timed = executor.invokeAll(List.of(serializable(() -> CallTasks.signalThenRunForever(started, 1))),
                200, TimeUnit.MILLISECONDS);
        assertThat(timed).singleElement().satisfies(future -> assertThat(future.isCancelled()).isTrue());
        assertThatThrownBy(() -> executor.invokeAny(List.of(serializable(() -> CallTasks.signalThenRunForever(started, 2))),
                200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

        Future<Integer> running = executor.submit(serializable(() -> CallTasks.signalThenRunForever(started, 3)));
        executor.shutdown();
        assertThat(executor.isShutdown()).isTrue();
        assertThat(executor.isTerminated()).as("terminated with a task running").isFalse();
        assertThatThrownBy(() -> executor.submit(serializable(() -> 1))).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("shut down");
        assertThat(executor.awaitTermination(100, TimeUnit.MILLISECONDS)).isFalse();

        assertThat(executor.shutdownNow()).isEmpty();
        assertThat(running.isCancelled()).isTrue();
        assertThat(executor.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(executor.isTerminated()).isTrue();
        assertThat(pool.isClosed()).as("the pool itself").isFalse();
        assertThat(pool.applyAsync(() -> "free").get(TRIVIAL_TASK)).isEqualTo("free");
        assertGaugesSettleAtZero(pool);
    }

    static <T> Callable<T> serializable(SerializableCallable<T> task) {
        return task;
    }

    /** An endless count: 0, 1, 2... */
    static final class Counting implements Iterator<Integer> {
        private int next;

        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public Integer next() {
            return next++;
        }
    }

    static void assertGaugesSettleAtZero(ProcessPool pool) {
        PoolMetrics metrics = pool.metrics();
        awaitTrue("no task pending or in flight", () -> metrics.tasksInFlight() + metrics.tasksPending()
                + metrics.workersBusy() == 0);
    }
}
