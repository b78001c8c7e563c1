package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.process.ExitCodes;
import io.github.mp4j.process.JvmOptions;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.resource.RuntimeDirectory;
import io.github.mp4j.shared.ShareableList;
import io.github.mp4j.shared.SharedMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared memory between the test JVM and real child JVMs: handles passed as arguments, inside
 * messages and to pool tasks, a segment past 2 GiB, and what is left after a creator exits or dies.
 */
@Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SharedMemoryHandlesAcrossProcessesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long GIB = 1L << 30;

    /** Kills and waits for this test's children, then checks that no mp4j child JVM is left. */
    @RegisterExtension
    final ChildReaper children = new ChildReaper();

    @Test
    void whatAChildWritesThroughAHandleOrAByNameAttachTheParentReads() {
        try (SharedMemory shm = Mp.sharedMemory(1 << 20)) {
            shm.putLong(0, 20);
            ChildProcess byHandle = children.start(Mp.process(s -> s.putLong(8, s.getLong(0) + 1), shm));
            ChildProcess byName = children.start(Mp.process(name -> {
                try (SharedMemory attached = Mp.attachSharedMemory(name)) {
                    attached.putLong(16, attached.size());
                }
            }, shm.name()));

            assertExitsNormally(byHandle);
            assertExitsNormally(byName);
            assertThat(shm.getLong(8)).isEqualTo(21);
            assertThat(shm.getLong(16)).isEqualTo(1 << 20);
        }
    }

    @Test
    void aHandleInsideAQueueItemAttachesInTheProcessThatTakesIt() throws Exception {
        try (SharedMemory shm = Mp.sharedMemory(64)) {
            ProcessQueue<List<Object>> requests = Mp.queue();
            ProcessQueue<String> done = Mp.queue();
            ChildProcess child = children.start(Mp.process(() -> {
                List<Object> request = requests.get();
                SharedMemory received = (SharedMemory) request.get(1);
                received.putIntRelease(4, (Integer) request.get(0));
                done.put(received.name());
            }));
            requests.put(List.of(1234, shm));

            assertThat(done.get(WAIT)).isEqualTo(shm.name());
            assertThat(shm.getIntAcquire(4)).isEqualTo(1234);
            assertExitsNormally(child);
        }
    }

    @Test
    void aShareableListChangedInAChildReadsBackInTheParent() {
        try (ShareableList list = ShareableList.create(Arrays.asList(1L, "abc", null))) {
            ChildProcess child = children.start(Mp.process(l -> {
                l.set(0, l.getLong(0) + 1);
                l.set(1, l.getString(1).toUpperCase(java.util.Locale.ROOT));
                l.set(2, 2.5);
            }, list));

            assertExitsNormally(child);
            assertThat(list).containsExactly(2L, "ABC", 2.5);
        }
    }

    @Test
    void poolTasksAndTheInitializerUseTheSameSegment() {
        try (SharedMemory shm = Mp.sharedMemory(8 * 64);
             ProcessPool pool = Mp.pool(p -> p.processes(2).initializer(() -> shm.getAndAddLong(0, 1)))) {
            List<Integer> items = IntStream.range(1, 64).boxed().collect(Collectors.toList());

            List<Long> results = pool.map((Integer i) -> {
                shm.putLong(8L * i, (long) i * i);
                return shm.getLongVolatile(0);
            }, items);

            assertThat(results).allSatisfy(initialized -> assertThat(initialized).isPositive());
            for (int i : items) {
                assertThat(shm.getLong(8L * i)).as("slot %d", i).isEqualTo((long) i * i);
            }
        }
    }

    @Test
    void aSegmentLargerThan2GiBRoundTripsALongAtItsLastIndexThroughAChild() {
        long size = 2 * GIB + 4096;
        try (SharedMemory shm = Mp.sharedMemory(size)) {
            shm.putLong(size - 16, 41);
            ChildProcess child = children.start(Mp.process(s -> s.putLongRelease(s.size() - 8, s.getLong(s.size() - 16) + 1), shm));

            assertExitsNormally(child);
            assertThat(shm.getLongAcquire(size - 8)).isEqualTo(42);
        }
    }

    @Test
    void aCreatorThatExitsWithoutClosingUnlinksItsSegmentButNotAKeptOne() {
        String tracked = uniqueName();
        String kept = uniqueName();
        ChildProcess child = children.start(Mp.process(names -> {
            Mp.sharedMemory(names.get(0), 8).putLong(0, 1);
            Mp.sharedMemory(names.get(1), 8).keep().putLong(0, 2);
        }, List.of(tracked, kept)));

        assertExitsNormally(child);
        assertThat(file(tracked)).doesNotExist();
        assertThat(file(kept)).exists();
        try (SharedMemory survivor = Mp.attachSharedMemory(kept)) {
            assertThat(survivor.getLong(0)).isEqualTo(2);
            survivor.unlink();
        }
        assertThat(file(kept)).doesNotExist();
    }

    @Test
    void theSegmentOfAKilledChildIsRemovedAsSoonAsItsParentSeesItExit() throws Exception {
        SharedMemory.create(8).close(); // this JVM uses shared memory, so it sweeps when a child exits
        String name = uniqueName();
        ProcessQueue<String> created = Mp.queue();
        ProcessQueue<String> never = Mp.queue();
        ChildProcess child = children.start(Mp.process(n -> {
            Mp.sharedMemory(n, 4096);
            created.put(n);
            never.get();
        }, name));
        assertThat(created.get(WAIT)).isEqualTo(name);
        SharedMemory.removeOrphans();
        assertThat(file(name)).as("a sweep leaves the segment of a live creator").exists();

        child.kill();
        assertThat(child.join(WAIT)).isTrue();
        assertThat(child.exitCode()).isEqualTo(ExitCodes.KILLED);

        awaitGone(file(name));
    }

    /**
     * The processes of this test use a shared-memory directory of their own: in the shared default
     * one, any other mp4j JVM of the same user (another build, another test class) sweeps the dead
     * creator's segment on its own first use, so who removed it would not be known.
     */
    @Test
    void theSegmentOfAKilledCreatorIsRemovedWhenTheNextProcessFirstUsesSharedMemory(@TempDir Path tmp) throws Exception {
        Path shmDir = tmp.resolve("shm");
        String name = uniqueName();
        Path segment = shmDir.resolve("shm-" + name);
        ProcessQueue<Long> creatorPid = Mp.queue();
        ProcessQueue<String> never = Mp.queue();
        // The creator is a grandchild: its parent never used shared memory, so nothing sweeps when it dies.
        ChildProcess parent = children.start(ChildProcess.builder((String dir, String n) -> {
            ChildProcess creator = ChildProcess.builder(m -> {
                Mp.sharedMemory(m, 4096);
                creatorPid.put(ProcessHandle.current().pid());
                never.get();
            }, n).jvmOptions(ownSharedMemory(dir)).build();
            creator.start();
            never.get();
        }, shmDir.toString(), name).jvmOptions(ownSharedMemory(shmDir.toString())).build());
        long pid = creatorPid.get(WAIT);
        children.adopt(pid);
        ProcessHandle creator = ProcessHandle.of(pid).orElseThrow();
        creator.destroyForcibly();
        creator.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(segment).as("left by the killed creator").exists();

        ProcessQueue<List<Boolean>> seen = Mp.queue();
        ChildProcess next = children.start(ChildProcess.builder(file -> {
            boolean before = Files.exists(Path.of(file));
            Mp.sharedMemory(8).close();
            seen.put(List.of(before, Files.exists(Path.of(file))));
        }, segment.toString()).jvmOptions(ownSharedMemory(shmDir.toString())).build());

        assertThat(seen.get(WAIT)).as("the file before and after the next process's first use").containsExactly(true, false);
        assertExitsNormally(next);
        parent.kill();
        assertThat(parent.join(WAIT)).as("%s exits", parent).isTrue();
    }

    private static JvmOptions ownSharedMemory(String dir) {
        return JvmOptions.builder().jvmArg("-D" + RuntimeDirectory.SHARED_MEMORY_PROPERTY + "=" + dir).build();
    }

    /** The sweep runs on the thread that saw the child exit, a moment after {@code join} returns. */
    private static void awaitGone(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(file).doesNotExist();
    }

    private static void assertExitsNormally(ChildProcess child) {
        assertThat(child.join(WAIT)).as("%s exits", child).isTrue();
        assertThat(child.exitCode()).as("%s's exit code", child).isZero();
    }

    private static String uniqueName() {
        return "test-" + UUID.randomUUID();
    }

    private static Path file(String name) {
        return RuntimeDirectory.sharedMemory().resolve("shm-" + name);
    }
}
