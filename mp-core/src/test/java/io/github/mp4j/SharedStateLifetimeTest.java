package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.resource.RuntimeDirectory;
import io.github.mp4j.shared.IntValue;
import io.github.mp4j.sync.Event;
import io.github.mp4j.sync.Lock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What is left of locks, values and arrays after their creator exits, crashes or drops them: nothing. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SharedStateLifetimeTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    final ChildReaper children = new ChildReaper();

    @Test
    void aChildThatExitsNormallyLeavesNoSegmentNorWakerSocket() {
        ProcessQueue<List<String>> names = Mp.queue();
        ChildProcess child = children.start(Mp.process(SharedStateLifetimeTest::createAndWait, names, false));
        List<String> created = names.get();
        assertThat(filesOf(child.pid())).as("the child's segments exist while it runs").containsAll(created);

        assertExitsNormally(child);

        assertThat(filesOf(child.pid())).isEmpty();
        assertThat(wakerSocketOf(child.pid())).doesNotExist();
    }

    @Test
    void aKilledCreatorsSegmentsAndSocketAreRemovedByTheNextProcessThatUsesTheDirectory() {
        ProcessQueue<List<String>> names = Mp.queue();
        ChildProcess creator = children.start(Mp.process(SharedStateLifetimeTest::createAndWait, names, true));
        List<String> created = names.get();
        assertThat(filesOf(creator.pid())).containsAll(created);

        creator.kill();
        assertThat(creator.join(WAIT)).isTrue();
        assertThat(filesOf(creator.pid())).as("a SIGKILL leaves them").containsAll(created);

        // a process that creates an event and waits on it uses both directories (its waker socket is in the runtime one)
        assertExitsNormally(children.start(Mp.process(() -> Mp.event().await(Duration.ofMillis(1)))));

        assertThat(filesOf(creator.pid())).as("swept by the next process").isEmpty();
        assertThat(wakerSocketOf(creator.pid())).doesNotExist();
    }

    @Test
    void aSegmentIsRemovedOnceItsCreatorsHandlesAreUnreachable() {
        Path file = RuntimeDirectory.sharedMemory().resolve(Mp.lock().name());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (Files.exists(file)) {
            assertThat(System.nanoTime()).as("%s is removed after a garbage collection", file).isLessThan(deadline);
            System.gc();
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
    }

    @Test
    void aChildAttachesTheValueItReceivesAndItsLockBeforeItRuns() throws IOException {
        IntValue counter = Mp.value(0);
        ProcessQueue<String> ready = Mp.queue();
        Event go = Mp.event();
        ChildProcess child = children.start(Mp.process(() -> incrementWhenTold(counter, ready, go)));
        assertThat(ready.get()).isEqualTo("ready");

        // no process can attach by name any more: the child can use the value only if it attached on receipt
        Files.delete(RuntimeDirectory.sharedMemory().resolve(counter.name()));
        go.set();

        assertExitsNormally(child);
        assertThat(counter.get()).isEqualTo(1);
    }

    @SuppressWarnings("try") // the held lock is the point of the block
    static void incrementWhenTold(IntValue counter, ProcessQueue<String> ready, Event go) {
        ready.put("ready");
        go.await();
        try (var held = counter.getLock().hold()) {
            counter.set(counter.get() + 1);
        }
    }

    static void createAndWait(ProcessQueue<List<String>> names, boolean waitOnALock) {
        Lock lock = Mp.lock();
        Event never = Mp.event();
        List<String> created = List.of(lock.name(), never.name(), Mp.value(1).name(), Mp.rawArray(new double[100]).name());
        if (waitOnALock) {
            lock.acquire();
            names.put(created);
            never.await();
        }
        names.put(created);
        never.await(Duration.ofMillis(1)); // a wait: the waker socket exists, and must go too
    }

    private void assertExitsNormally(ChildProcess child) {
        assertThat(child.join(WAIT)).as("%s exits", child).isTrue();
        assertThat(child.exitCode()).as("exit code of %s", child).isZero();
    }

    private static Path wakerSocketOf(long pid) {
        return RuntimeDirectory.get().resolve(pid + "-0-waker.sock");
    }

    private static List<String> filesOf(long pid) {
        try (Stream<Path> files = Files.list(RuntimeDirectory.sharedMemory())) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(pid + "-") && (name.endsWith(".sync") || name.endsWith(".val")))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
