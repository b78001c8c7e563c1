package io.github.mp4j.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.process.JvmOptions;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.queue.Queues;
import io.github.mp4j.runtime.StartMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reusable warm workers ({@code PoolConfig.reuseWorkers}): a closed pool's worker JVMs serve the
 * next pool of an equal configuration, and no other; they exit at the end of their keep-alive,
 * and one that died while idle is never handed out.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReusableWorkersTest {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Counts tasks in each worker JVM; a reused worker keeps what earlier pools' tasks left. */
    private static final AtomicInteger TASKS_SEEN = new AtomicInteger();

    private final List<ProcessPool> pools = new ArrayList<>();

    @AfterEach
    void endPoolsAndIdleWorkers() {
        pools.forEach(ProcessPool::terminate);
        pools.clear();
        ProcessPool.closeIdleWorkers();
        awaitNoWorkerJvm();
    }

    @Test
    void aPoolOfTheSameConfigurationTakesTheIdleWorkersAndWhatTheirTasksLeft() {
        Set<Long> first = pidsAfterUse(config("same"));
        ProcessPool second = pool(config("same"));

        assertThat(pids(second)).isEqualTo(first);
        assertThat(onEachWorker(second)).as("tasks each worker ran before, in the first pool").containsExactly(1, 1);
        second.close();
    }

    @Test
    void workersAreNeverReusedAcrossDifferentJvmOptionsOrClassPaths(@TempDir Path extra) {
        Set<Long> first = pidsAfterUse(config("base"));
        ProcessPool otherFlags = pool(config("flags").jvmOptions(JvmOptions.builder().jvmArg("-Dmp4j.test.flag=1").build()));
        ProcessPool otherClassPath = pool(config("classpath").jvmOptions(JvmOptions.builder().extraClasspath(extra).build()));

        assertThat(pids(otherFlags)).doesNotContainAnyElementsOf(first);
        assertThat(pids(otherClassPath)).doesNotContainAnyElementsOf(first);
        assertThat(otherFlags.apply(() -> System.getProperty("mp4j.test.flag"))).isEqualTo("1");
        ProcessPool same = pool(config("base"));
        assertThat(pids(same)).as("the idle workers still wait for an equal pool").isEqualTo(first);
    }

    @Test
    void idleWorkersExitWhenTheirKeepAliveEnds() {
        Set<Long> first = pidsAfterUse(config("expiring").reuseWorkers(Duration.ofMillis(300)));

        for (long pid : first) {
            ProcessHandle.of(pid).ifPresent(handle ->
                    assertThat(handle.onExit().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join().isAlive()).isFalse());
        }
        ProcessPool next = pool(config("expiring").reuseWorkers(Duration.ofMillis(300)));
        assertThat(pids(next)).doesNotContainAnyElementsOf(first);
    }

    @Test
    void aWorkerThatDiedWhileIdleIsNotHandedOut() {
        List<Long> first = new ArrayList<>(pidsAfterUse(config("dying")));
        ProcessHandle dead = ProcessHandle.of(first.get(0)).orElseThrow();
        dead.destroyForcibly();
        dead.onExit().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();

        ProcessPool next = pool(config("dying"));

        assertThat(pids(next)).doesNotContain(first.get(0)).contains(first.get(1));
        assertThat(next.map(x -> x * 2, List.of(1, 2, 3, 4), 1)).containsExactly(2, 4, 6, 8);
    }

    @Test
    void aReusedWorkerRunsTheNewPoolsInitializer() {
        pidsAfterUse(config("init").initializer(() -> PoolTasks.initialize("reuse")));
        ProcessPool second = pool(config("init").initializer(() -> PoolTasks.initialize("reuse")));

        assertThat(second.map(ignored -> PoolTasks.initializerRuns("reuse"), List.of(1, 2, 3, 4), 1)).containsOnly(2);
    }

    @Test
    void aTerminatedPoolKeepsNoWorker() {
        ProcessPool first = pool(config("terminated"));
        first.apply(PoolTasks::pid);
        Set<Long> pids = pids(first);
        first.terminate();

        assertThat(pids(pool(config("terminated")))).doesNotContainAnyElementsOf(pids);
    }

    private static PoolConfig.Builder config(String name) {
        return PoolConfig.custom().name("reuse-" + name).processes(2).startMethod(StartMethod.JVM).reuseWorkers(KEEP_ALIVE);
    }

    private ProcessPool pool(PoolConfig.Builder config) {
        ProcessPool pool = ProcessPool.create(config.build());
        pools.add(pool);
        return pool;
    }

    /** Starts a pool, runs a task on each worker, closes it; @return its workers' pids */
    private Set<Long> pidsAfterUse(PoolConfig.Builder config) {
        ProcessPool pool = pool(config);
        assertThat(onEachWorker(pool)).hasSize(2);
        Set<Long> pids = pids(pool);
        pool.close();
        return pids;
    }

    /**
     * Runs one task on each of the pool's two workers: each task blocks its worker until both
     * started, so neither worker can take both.
     *
     * @return how many tasks each worker had run before, in the order the tasks started
     */
    private static List<Integer> onEachWorker(ProcessPool pool) {
        ProcessQueue<Long> started = Queues.queue();
        ProcessQueue<String> release = Queues.queue();
        List<AsyncResult<Integer>> results = List.of(pool.applyAsync(() -> countThenWait(started, release)),
                pool.applyAsync(() -> countThenWait(started, release)));
        assertThat(Set.of(started.get(WAIT), started.get(WAIT))).as("two workers run a task each").hasSize(2);
        release.put("go");
        release.put("go");
        return results.stream().map(result -> result.get(WAIT)).collect(Collectors.toList());
    }

    private static int countThenWait(ProcessQueue<Long> started, ProcessQueue<String> release) {
        int before = TASKS_SEEN.getAndIncrement();
        started.put(PoolTasks.pid());
        release.get();
        return before;
    }

    private static Set<Long> pids(ProcessPool pool) {
        return pool.workers().stream().map(WorkerInfo::pid).collect(Collectors.toSet());
    }

    private static void awaitNoWorkerJvm() {
        for (ProcessHandle child : ProcessHandle.current().children().collect(Collectors.toList())) {
            child.onExit().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        }
        ChildReaper.assertNoChildLeft();
    }
}
