package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.transport.ObjectServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pool that replaces its worker after every task keeps this process's object-server registry
 * and open file descriptors flat: every recycled worker's pipe is forgotten and its connections
 * closed. The default run recycles {@value #DEFAULT_RECYCLES} workers; {@code -Dmp4j.soak=true}
 * recycles {@value #SOAK_RECYCLES} (see README, "Tests").
 */
class WorkerRecyclingLifetimeTest {

    private static final int DEFAULT_RECYCLES = 50;
    private static final int SOAK_RECYCLES = 10_000;
    private static final int RECYCLES = Boolean.getBoolean("mp4j.soak") ? SOAK_RECYCLES : DEFAULT_RECYCLES;
    private static final int WORKERS = 2;
    /** File descriptors that may come and go meanwhile for reasons of the JVM's own (class files, GC logs). */
    private static final int FD_SLACK = 16;
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Path OPEN_FDS = Path.of("/proc/self/fd");

    /** Checks that no worker JVM is left. */
    @RegisterExtension
    final ChildReaper children = new ChildReaper();

    @Test
    void recyclingWorkersKeepsTheRegistryAndTheFileDescriptorsFlat() {
        ObjectServer server = ObjectServer.local();
        runRecyclingPool(WORKERS * 2); // loads and opens what any pool needs once
        int registryBefore = server.registeredCount();
        int fdsBefore = openFileDescriptors();

        long started = System.nanoTime();
        runRecyclingPool(RECYCLES);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        awaitAtMost(registryBefore, server::registeredCount, "registered objects");
        awaitAtMost(fdsBefore + FD_SLACK, WorkerRecyclingLifetimeTest::openFileDescriptors, "open file descriptors");
        System.out.printf("%d recycled workers in %s: registry %d -> %d, open file descriptors %d -> %d%n", RECYCLES, took,
                registryBefore, server.registeredCount(), fdsBefore, openFileDescriptors());
    }

    /** Runs one task per worker, each worker replaced after its task, and closes the pool. */
    private static void runRecyclingPool(int tasks) {
        try (ProcessPool pool = ProcessPool.create(PoolConfig.custom().name("recycling").processes(WORKERS)
                .maxTasksPerChild(1).build())) {
            List<Integer> numbers = IntStream.range(0, tasks).boxed().collect(Collectors.toList());
            assertThat(pool.map((Integer x) -> x + 1, numbers, 1)).hasSize(tasks).last().isEqualTo(tasks);
            assertThat(pool.metrics().workersRecycled()).isGreaterThanOrEqualTo(tasks - WORKERS);
        }
    }

    private static int openFileDescriptors() {
        try (Stream<Path> fds = Files.list(OPEN_FDS)) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitAtMost(int bound, IntSupplier count, String what) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (count.getAsInt() > bound && System.nanoTime() < deadline) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertThat(count.getAsInt()).as("%s after %d recycled workers", what, RECYCLES).isLessThanOrEqualTo(bound);
    }
}
