package io.github.mp4j.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.process.ExitCodes;
import io.github.mp4j.process.JvmOptions;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.queue.Queues;
import io.github.mp4j.runtime.StartMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Worker JVMs that die or hang: the pool never hangs, fails (or retries) only the tasks the worker
 * held, replaces the worker and goes on. Each test damages its pool, so each has its own.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JvmPoolFaultTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** How long a few trivial tasks may take on a pool that just replaced a worker. */
    private static final Duration AFTER_FAULT = Duration.ofSeconds(30);

    private final List<ProcessPool> pools = new ArrayList<>();

    @AfterEach
    void terminatePools() {
        pools.forEach(ProcessPool::terminate);
        pools.clear();
    }

    @AfterAll
    static void noWorkerLeft() {
        ChildReaper.assertNoChildLeft();
    }

    private ProcessPool pool(PoolConfig.Builder config) {
        ProcessPool pool = ProcessPool.create(config.build());
        pools.add(pool);
        return pool;
    }

    private static PoolConfig.Builder config(String name) {
        return PoolConfig.custom().name("fault-" + name).startMethod(StartMethod.JVM);
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().collect(Collectors.toList());
    }

    private static List<Integer> doubled(List<Integer> items) {
        return items.stream().map(x -> x * 2).collect(Collectors.toList());
    }

    private static void kill(long pid) {
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        process.destroyForcibly();
        process.onExit().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Asserts that the pool runs new work at once, including the first call after the fault. */
    private static void assertGoesOn(ProcessPool pool) {
        for (int i = 0; i < 3; i++) {
            int n = i;
            assertThat(pool.applyAsync(() -> n * 2).get(AFTER_FAULT)).as("apply #%d after the fault", n).isEqualTo(n * 2);
        }
        assertThat(pool.mapAsync((Integer x) -> x * 2, range(0, 100)).get(AFTER_FAULT)).as("map after the fault")
                .isEqualTo(doubled(range(0, 100)));
    }

    private static Set<Long> pids(ProcessPool pool) {
        return pool.workers().stream().map(WorkerInfo::pid).collect(Collectors.toSet());
    }

    @Test
    void aKilledWorkerFailsItsMapWithoutRetriesAndIsReplaced() throws InterruptedException {
        ProcessPool pool = pool(config("kill").processes(2).retries(0));
        Set<Long> firstWorkers = pids(pool);
        BlockingQueue<WorkerInfo> startedWorkers = new LinkedBlockingQueue<>();
        BlockingQueue<PoolEvent.WorkerExited> exitedWorkers = new LinkedBlockingQueue<>();
        pool.addListener(event -> {
            if (event instanceof PoolEvent.WorkerStarted started) {
                startedWorkers.add(started.worker());
            } else if (event instanceof PoolEvent.WorkerExited exited) {
                exitedWorkers.add(exited);
            }
        });
        ProcessQueue<Long> running = Queues.queue();
        ProcessQueue<Integer> never = Queues.queue();
        AsyncResult<List<Integer>> result = pool.mapAsync(
                (Integer x) -> x == 0 ? PoolTasks.signalThenWait(running, never) : x * 2, range(0, 20), 1, null, null);
        long victim = running.get(WAIT);
        assertThat(firstWorkers).as("pids of the pool's workers").contains(victim);

        kill(victim);

        Throwable failure = catchThrowable(() -> result.get(WAIT));
        assertThat(failure).isInstanceOf(WorkerDiedException.class).hasMessageContaining("pid " + victim)
                .hasMessageContaining("signal 9");
        assertThat(pool.metrics().workersCrashed()).isGreaterThanOrEqualTo(1);
        assertGoesOn(pool);
        WorkerInfo replacement;
        do {
            replacement = startedWorkers.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(replacement).as("a replacement worker started").isNotNull();
        } while (firstWorkers.contains(replacement.pid()));
        assertThat(pids(pool)).doesNotContain(victim).contains(replacement.pid());
        PoolEvent.WorkerExited exited = exitedWorkers.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(exited).as("the killed worker's exit event").isNotNull();
        assertThat(exited.worker().pid()).isEqualTo(victim);
        assertThat(exited.exitCode()).isEqualTo(ExitCodes.KILLED);
        assertThat(exited.crashed()).isTrue();
        assertThat(exited.description()).isEqualTo("was killed by signal 9 (SIGKILL)");
    }

    /**
     * Without retries, a killed worker fails only the task it was running: the results of the
     * tasks before it in its chunk are kept, and the tasks after it run on another worker.
     */
    @Test
    void aKilledWorkerFailsOnlyItsRunningTaskKeepsItsChunksResultsAndRunsTheRestElsewhere() {
        ProcessPool pool = pool(config("kill-chunk").processes(2).retries(0));
        ProcessQueue<Long> running = Queues.queue();
        ProcessQueue<Long> never = Queues.queue();
        ResultIterator<Long> results = pool.imap(
                (Integer x) -> x == 3 ? PoolTasks.signalThenWait(running, never) : PoolTasks.pid(), range(0, 10).iterator(), 10);

        List<Long> before = List.of(results.next(), results.next(), results.next());
        long victim = running.get(WAIT);
        assertThat(before).as("workers that ran tasks #0-2, in the running task's chunk").containsOnly(victim);

        kill(victim);

        assertThat(catchThrowable(results::next)).isInstanceOf(WorkerDiedException.class).hasMessageContaining("task #3 of")
                .hasMessageContaining("pid " + victim);
        List<Long> after = new ArrayList<>();
        results.forEachRemaining(after::add);
        assertThat(after).as("workers that ran tasks #4-9").hasSize(6).doesNotContain(victim);
        assertThat(pool.metrics().tasksFailed()).isEqualTo(1);
        assertThat(pool.metrics().tasksRetried()).isZero();
        assertGoesOn(pool);
    }

    /** A task that exits its JVM fails alone too, however early in its chunk it does. */
    @Test
    void aTaskCallingSystemExitFailsAloneInItsChunk() {
        ProcessPool pool = pool(config("exit-chunk").processes(2).retries(0));

        List<Object> outcomes = new ArrayList<>();
        try (ResultIterator<Integer> results = pool.imap((Integer x) -> {
            if (x == 3) {
                System.exit(7);
            }
            return x * 2;
        }, range(0, 10).iterator(), 10)) {
            for (int i = 0; i < 10; i++) {
                try {
                    outcomes.add(results.next());
                } catch (WorkerDiedException e) {
                    outcomes.add(e.getMessage());
                }
            }
        }

        assertThat(outcomes).hasSize(10);
        assertThat(outcomes.get(3)).asString().contains("task #3 of").contains("code 7");
        outcomes.remove(3);
        assertThat(outcomes).containsExactly(0, 2, 4, 8, 10, 12, 14, 16, 18);
        assertThat(pool.metrics().tasksFailed()).isEqualTo(1);
    }

    @Test
    void aKilledWorkersTaskRunsAgainElsewhereWithRetries() {
        ProcessPool pool = pool(config("kill-retry").processes(2).retries(1));
        ProcessQueue<Long> running = Queues.queue();
        ProcessQueue<Integer> release = Queues.queue();
        AsyncResult<List<Integer>> result = pool.mapAsync(
                (Integer x) -> x == 0 ? PoolTasks.signalThenWait(running, release) : x * 2, range(0, 20), 1, null, null);
        long victim = running.get(WAIT);

        kill(victim);
        release.put(0);

        assertThat(result.get(AFTER_FAULT)).isEqualTo(doubled(range(0, 20)));
        assertThat(running.get(WAIT)).as("pid of the worker that ran the task again").isNotEqualTo(victim);
        assertThat(pool.metrics().tasksRetried()).isPositive();
        assertThat(pool.metrics().tasksFailed()).isZero();
        assertThat(pool.metrics().workersCrashed()).isGreaterThanOrEqualTo(1);
        assertGoesOn(pool);
    }

    /**
     * A worker killed while it holds many single-task calls (sent to it in batches, their results
     * sent back in batches): each call completes once, exactly one fails (the one the pool took
     * for running; without retries it does not run again), and the calls queued on the dead
     * worker run on the others.
     */
    @Test
    void aWorkerKilledUnderABurstOfApplyCallsFailsOneCallAndLosesNone() {
        ProcessPool pool = pool(config("kill-burst").processes(2).retries(0));
        ProcessQueue<Long> running = Queues.queue();
        ProcessQueue<Integer> release = Queues.queue();
        int calls = 3000;
        int stuck = 1000;
        Map<Integer, Integer> successes = new ConcurrentHashMap<>();
        List<TaskFailedException> failures = new CopyOnWriteArrayList<>();
        List<AsyncResult<Integer>> results = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            int n = i;
            results.add(pool.applyAsync(() -> n == stuck ? PoolTasks.signalThenWait(running, release) : n * 2,
                    value -> successes.merge(value, 1, Integer::sum), failures::add));
        }
        long victim = running.get(WAIT);

        kill(victim);
        // if the pool took an earlier call of the victim for the running one, the stuck call runs again
        release.put(stuck * 2);

        List<Throwable> failed = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            int n = i;
            Throwable failure = catchThrowable(() -> assertThat(results.get(n).get(WAIT)).isEqualTo(n * 2));
            if (failure != null) {
                failed.add(failure);
            }
        }
        assertThat(failed).as("calls that failed").hasSize(1);
        assertThat(failed.get(0)).isInstanceOf(WorkerDiedException.class).hasMessageContaining("pid " + victim);
        CallControlContract.awaitTrue("every callback", () -> successes.size() + failures.size() == calls);
        assertThat(failures).hasSize(1);
        assertThat(successes).as("success callback runs per result").hasSize(calls - 1).allSatisfy((value, runs) ->
                assertThat(runs).as("runs of the callback of %s", value).isEqualTo(1));
        assertThat(pool.metrics().tasksFailed()).isEqualTo(1);
        assertGoesOn(pool);
    }

    @Test
    void aTaskCallingSystemExitFailsWithItsExitCodeAndThePoolGoesOn() {
        ProcessPool pool = pool(config("exit").processes(1));

        Throwable failure = catchThrowable(() -> pool.apply(() -> {
            System.exit(7);
            return 0;
        }));

        assertThat(failure).isInstanceOf(WorkerDiedException.class).hasMessageContaining("code 7");
        assertGoesOn(pool);
        assertThat(pool.metrics().workersCrashed()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aTaskPastTheTaskTimeoutFailsAloneAndOnlyItsWorkerIsReplaced() {
        ProcessPool pool = pool(config("timeout").processes(2).taskTimeout(Duration.ofSeconds(2)));
        ProcessQueue<Long> running = Queues.queue();
        ProcessQueue<String> never = Queues.queue();
        AsyncResult<String> stuck = pool.applyAsync(() -> PoolTasks.signalThenWait(running, never));
        long victim = running.get(WAIT);

        AsyncResult<Integer> other = pool.applyAsync(() -> 21 * 2);
        assertThat(other.get(WAIT)).isEqualTo(42);

        Throwable failure = catchThrowable(() -> stuck.get(WAIT));
        assertThat(failure).isInstanceOf(TaskTimeoutException.class).hasMessageContaining("PT2S")
                .hasMessageContaining("pid " + victim);
        ProcessHandle.of(victim).ifPresent(process -> assertThat(process.onExit()).succeedsWithin(WAIT));
        assertThat(pool.metrics().tasksTimedOut()).isEqualTo(1);
        assertThat(pool.metrics().workersCrashed()).isGreaterThanOrEqualTo(1);
        assertThat(other.successful()).isTrue();
        assertGoesOn(pool);
    }

    @Test
    void aWorkerOutOfMemoryFailsItsTaskWithoutHangingAndThePoolGoesOn() {
        ProcessPool pool = pool(config("oom").processes(1).jvmOptions(JvmOptions.builder().maxHeap("64m").build()));

        Throwable failure = catchThrowable(() -> pool.apply(PoolTasks::exhaustHeap));

        assertThat(failure).isInstanceOf(WorkerDiedException.class).hasMessageContaining("ran out of memory")
                .hasMessageContaining("-Xmx").hasMessageContaining("maxHeap").hasMessageNotContaining("System.exit");
        assertGoesOn(pool);
    }

    /** Status 3 is also -XX:+ExitOnOutOfMemoryError's: a task that chose it did not run out of memory. */
    @Test
    void aTaskCallingSystemExitWithTheOutOfMemoryStatusIsReportedAsTheExitItIs() {
        ProcessPool pool = pool(config("exit3").processes(1));

        Throwable failure = catchThrowable(() -> pool.apply(() -> {
            System.exit(3);
            return 0;
        }));

        assertThat(failure).isInstanceOf(WorkerDiedException.class).hasMessageContaining("System.exit(3)")
                .hasMessageContaining("exit code 3").hasMessageNotContaining("memory");
        assertGoesOn(pool);
    }
}
