package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.connection.Connection;
import io.github.mp4j.connection.Pipe;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.runtime.StartMethod;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pools and pipes used with children give back all their direct memory once closed: a service
 * that makes a pool per job, or recycles workers, must not grow without bound. The default run
 * is short; {@code -Dmp4j.soak.cycles=1000} makes it a soak.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DirectMemoryTest {

    private static final int CYCLES = Integer.getInteger("mp4j.soak.cycles", 10);
    private static final int WARM_UP_CYCLES = 2;
    /** Buffers that may come and go with the JDK's own caches; a leak grows by 2 per connection and cycle. */
    private static final int SLACK_BUFFERS = 6;
    /** Collections in a row that released nothing, after which what is left is taken as reachable. */
    private static final int STABLE_COLLECTIONS = 20;
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(20);
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Kills and waits for this test's children, then checks that no mp4j child JVM is left. */
    @RegisterExtension
    final ChildReaper children = new ChildReaper();

    @Test
    void poolsCreatedAndClosedOneAfterAnotherLeaveNoDirectMemoryBehind() {
        List<Integer> items = IntStream.range(0, 100).boxed().collect(Collectors.toList());
        Runnable cycle = () -> {
            try (ProcessPool pool = ProcessPool.create(PoolConfig.custom().name("direct-memory").processes(2)
                    .startMethod(StartMethod.JVM).build())) {
                assertThat(pool.map((Integer x) -> x + 1, items)).hasSize(100);
            }
        };
        assertDirectMemoryFlat(cycle, "pool cycles (2 workers each)");
        ChildReaper.assertNoChildLeft();
    }

    @Test
    void pipesUsedWithAChildLeaveNoDirectMemoryBehind() {
        Runnable cycle = () -> {
            Pipe pipe = Mp.pipe();
            ChildProcess child = children.start(Mp.process(DirectMemoryTest::echoOnce, pipe.right()));
            pipe.left().send("ping");
            assertThat(pipe.left().<String>recv()).isEqualTo("ping");
            assertThat(child.join(WAIT)).as("%s exits", child).isTrue();
            pipe.left().close();
            child.close();
        };
        assertDirectMemoryFlat(cycle, "pipe-with-a-child cycles");
    }

    static void echoOnce(Connection end) {
        end.send(end.recv());
    }

    private static void assertDirectMemoryFlat(Runnable cycle, String what) {
        for (int i = 0; i < WARM_UP_CYCLES; i++) {
            cycle.run();
        }
        long baseline = directBuffersAfterGc(Long.MIN_VALUE);
        for (int i = 0; i < CYCLES; i++) {
            cycle.run();
        }
        long after = directBuffersAfterGc(baseline + SLACK_BUFFERS);
        assertThat(after).as("direct buffers after %d more %s (%d after the first %d; %d bytes in use now)", CYCLES, what,
                baseline, WARM_UP_CYCLES, direct().getMemoryUsed()).isLessThanOrEqualTo(baseline + SLACK_BUFFERS);
    }

    /**
     * Collects garbage until the direct buffers count at most {@code target}, or until several
     * collections in a row released none: a buffer's memory goes back only after a collection
     * found it unreachable and its cleaner ran, which may take more than one collection.
     */
    private static long directBuffersAfterGc(long target) {
        long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
        long count = direct().getCount();
        int unchanged = 0;
        while (count > target && unchanged < STABLE_COLLECTIONS && System.nanoTime() < deadline) {
            System.gc();
            long now = direct().getCount();
            unchanged = now < count ? 0 : unchanged + 1;
            count = now;
        }
        return count;
    }

    private static BufferPoolMXBean direct() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
    }
}
