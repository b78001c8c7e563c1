package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.queue.ProcessQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Consumers in other processes take an unbounded queue's items in batches: every item is still
 * returned by exactly one get, whatever happens to the consumer holding it, and a getter never
 * waits while another consumer holds items it has not taken.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueuePrefetchTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int ITEMS = 1_000;
    private static final int ORDERED_ITEMS = 20_000;
    private static final Integer STOP = -1;
    private static final Integer INTERRUPTED = -2;

    @RegisterExtension
    final ChildReaper children = new ChildReaper();

    @Test
    void aConsumerKilledWhileHoldingABatchLosesNoItemAndNoItemIsTakenTwice() {
        ProcessQueue<Integer> work = filledQueue();
        ProcessQueue<Integer> taken = Mp.queue();
        ChildProcess holder = children.start(Mp.process(QueuePrefetchTest::takeOneAndHold, work, taken));
        List<Integer> received = new ArrayList<>(List.of(taken.get(WAIT)));
        assertThat(work.size()).as("items left at the owner while the holder holds a batch").isLessThan(ITEMS - 1);

        holder.kill();
        assertThat(holder.join(WAIT)).isTrue();
        awaitSize(work, ITEMS - 1);
        List<ChildProcess> others = List.of(
                children.start(Mp.process(QueuePrefetchTest::takeUntilStop, work, taken)),
                children.start(Mp.process(QueuePrefetchTest::takeUntilStop, work, taken)));
        work.put(STOP);
        work.put(STOP);
        while (received.size() < ITEMS) {
            received.add(taken.get(WAIT));
        }

        assertExactlyOnce(received);
        others.forEach(child -> assertThat(child.join(WAIT)).isTrue());
        assertThat(work.isEmpty()).isTrue();
    }

    @Test
    void aGetterThatWouldWaitGetsTheItemsAnotherConsumerHoldsAndHasNotTaken() {
        ProcessQueue<Integer> work = filledQueue();
        ProcessQueue<Integer> taken = Mp.queue();
        children.start(Mp.process(QueuePrefetchTest::takeOneAndHold, work, taken));
        List<Integer> received = new ArrayList<>(List.of(taken.get(WAIT)));
        assertThat(work.size()).isLessThan(ITEMS - 1);

        while (received.size() < ITEMS) {
            received.add(work.get(WAIT));
        }

        assertExactlyOnce(received);
        assertThat(work.isEmpty()).isTrue();
    }

    @Test
    void anInterruptedGetGivesBackWhatItsProcessHeld() {
        ProcessQueue<Integer> work = filledQueue();
        ProcessQueue<Integer> taken = Mp.queue();
        children.start(Mp.process(QueuePrefetchTest::takeOneThenGetInterrupted, work, taken));
        List<Integer> received = new ArrayList<>(List.of(taken.get(WAIT)));
        assertThat(taken.get(WAIT)).as("the second get was interrupted").isEqualTo(INTERRUPTED);

        awaitSize(work, ITEMS - 1);
        while (received.size() < ITEMS) {
            received.add(work.getNowait());
        }

        assertExactlyOnce(received);
    }

    @Test
    void aSingleConsumerTakesItemsInTheOrderTheyWerePut() {
        ProcessQueue<Integer> work = Mp.queue();
        ProcessQueue<List<Integer>> report = Mp.queue();
        ChildProcess consumer = children.start(Mp.process(QueuePrefetchTest::takeInOrder, work, report));
        ChildProcess producer = children.start(Mp.process(QueuePrefetchTest::putInOrder, work));

        assertThat(report.get(WAIT)).as("items out of order (index, item)").isEmpty();
        assertThat(consumer.join(WAIT)).isTrue();
        assertThat(producer.join(WAIT)).isTrue();
    }

    private static ProcessQueue<Integer> filledQueue() {
        ProcessQueue<Integer> work = Mp.queue();
        for (int i = 0; i < ITEMS; i++) {
            work.put(i);
        }
        return work;
    }

    /** Waits, polling the size, until the owner has had items given back; fails after {@link #WAIT}. */
    private static void awaitSize(ProcessQueue<Integer> queue, int size) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (queue.size() != size) {
            assertThat(System.nanoTime() - deadline).as("the queue's size reaches %d (is %d)", size, queue.size()).isNegative();
            Thread.onSpinWait();
        }
    }

    private static void assertExactlyOnce(List<Integer> received) {
        Set<Integer> distinct = new HashSet<>();
        List<Integer> twice = received.stream().filter(item -> !distinct.add(item)).limit(20).collect(Collectors.toList());
        assertThat(twice).as("items taken more than once").isEmpty();
        assertThat(distinct).containsExactlyInAnyOrderElementsOf(IntStream.range(0, ITEMS).boxed().collect(Collectors.toList()));
    }

    static void takeOneAndHold(ProcessQueue<Integer> work, ProcessQueue<Integer> taken) {
        taken.put(work.get());
        holdForever();
    }

    static void takeUntilStop(ProcessQueue<Integer> work, ProcessQueue<Integer> taken) {
        for (Integer item = work.get(); !STOP.equals(item); item = work.get()) {
            taken.put(item);
        }
    }

    static void takeOneThenGetInterrupted(ProcessQueue<Integer> work, ProcessQueue<Integer> taken) {
        taken.put(work.get());
        Thread.currentThread().interrupt();
        try {
            taken.put(work.get());
        } catch (MpInterruptedException e) {
            Thread.interrupted();
            taken.put(INTERRUPTED);
        }
        holdForever();
    }

    /** Keeps the process, and what it holds, alive until the test kills it. */
    private static void holdForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void putInOrder(ProcessQueue<Integer> work) {
        for (int i = 0; i < ORDERED_ITEMS; i++) {
            work.put(i);
        }
    }

    static void takeInOrder(ProcessQueue<Integer> work, ProcessQueue<List<Integer>> report) {
        List<Integer> outOfOrder = new ArrayList<>();
        for (int i = 0; i < ORDERED_ITEMS; i++) {
            Integer item = work.get();
            if (item != i && outOfOrder.size() < 20) {
                outOfOrder.add(i);
                outOfOrder.add(item);
            }
        }
        report.put(outOfOrder);
    }
}
