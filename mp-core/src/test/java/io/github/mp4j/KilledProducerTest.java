package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.queue.QueueEmptyException;
import io.github.mp4j.sync.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a producer killed (SIGKILL) after its {@code put}s returned leaves in queues owned by
 * another process: on a bounded queue, every item (each put was answered by the owner); on an
 * unbounded one, whose puts a feeder thread streams, the items its feeder had written, which are
 * always the first ones put, in order, each once.
 */
class KilledProducerTest {

    private static final int ITEMS = 3_000;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** How long the owner's queue may stay empty before every item that arrived is taken. */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    @RegisterExtension
    final ChildReaper children = new ChildReaper();

    /** What the producer puts on, and says that its puts returned with. */
    record Targets(ProcessQueue<Integer> unbounded, ProcessQueue<Integer> bounded, Event putsReturned) {
    }

    @Test
    void aKilledProducerLeavesEverythingOnABoundedQueueAndAnInOrderPrefixOnAnUnboundedOne() {
        Targets targets = new Targets(Mp.queue(), Mp.queue(ITEMS), Mp.event());
        ChildProcess producer = children.start(Mp.process(KilledProducerTest::produceThenHang, targets));

        assertThat(targets.putsReturned().await(PATIENCE)).as("the producer's puts returned").isTrue();
        producer.kill();
        assertThat(producer.join(PATIENCE)).as("the killed producer is gone").isTrue();

        assertThat(drain(targets.bounded())).as("a bounded queue: each put was answered").isEqualTo(range(ITEMS));
        List<Integer> streamed = drain(targets.unbounded());
        assertThat(streamed).as("an unbounded queue: the first items, in order, each once")
                .isEqualTo(range(streamed.size()));
    }

    private static void produceThenHang(Targets targets) {
        for (int i = 0; i < ITEMS; i++) {
            targets.unbounded().put(i);
            targets.bounded().put(i);
        }
        targets.putsReturned().set();
        while (true) {
            LockSupport.park();
        }
    }

    private static List<Integer> drain(ProcessQueue<Integer> queue) {
        List<Integer> items = new ArrayList<>();
        try {
            while (true) {
                items.add(queue.get(SETTLE));
            }
        } catch (QueueEmptyException e) {
            return items;
        }
    }

    private static List<Integer> range(int count) {
        return IntStream.range(0, count).boxed().collect(Collectors.toList());
    }
}
