package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.queue.JoinableProcessQueue;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.queue.QueueClosedException;
import io.github.mp4j.queue.QueueEmptyException;
import io.github.mp4j.queue.QueueFullException;
import io.github.mp4j.queue.SimpleProcessQueue;
import io.github.mp4j.serial.SerializationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Queues shared by the test JVM and real child JVMs. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueueAcrossProcessesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration LONG_WAIT = Duration.ofSeconds(90);
    private static final int HUGE_ITEM_BYTES = 64 << 20;
    private static final int SMALL_ITEMS = 100_000;
    private static final int BLOCK_BYTES = 1 << 20;
    /** Byte arrays from this size on travel and wait in the queue as they are, not serialized. */
    private static final int RAW_THRESHOLD_BYTES = 64 << 10;
    /** How long an item put by a child that has exited may still take to show up (it should already be there). */
    private static final Duration AFTER_EXIT_WAIT = Duration.ofSeconds(10);
    private static final int ITEMS_PER_PRODUCER = 5_000;
    private static final Integer NO_MORE_ITEMS = -1;

    /** Kills and waits for this test's children, then checks that no mp4j child JVM is left. */
    @RegisterExtension
    final ChildReaper children = new ChildReaper();
    private final ExecutorService background = Executors.newCachedThreadPool();

    @AfterEach
    void stopBackgroundWork() {
        background.shutdownNow();
    }

    @Test
    void queuesPassedAsArgumentsCarryItemsBothWays() {
        ProcessQueue<String> requests = Mp.queue();
        ProcessQueue<String> replies = Mp.queue();
        requests.put("ping");

        ChildProcess child = children.start(Mp.process(
                (in, out) -> out.put(in.get() + " pong from " + Mp.currentProcess().name()), requests, replies));

        assertThat(replies.get(WAIT)).isEqualTo("ping pong from " + child.name());
        assertExitsNormally(child);
    }

    @Test
    void queuesNestedInARecordAndAListReachTheChild() {
        ProcessQueue<String> requests = Mp.queue();
        List<ProcessQueue<String>> replies = List.of(Mp.queue(), Mp.queue(5), Mp.joinableQueue());
        requests.put("a");
        requests.put("b");
        requests.put("c");

        ChildProcess child = children.start(Mp.process((Mailboxes boxes) -> {
            for (ProcessQueue<String> reply : boxes.replies()) {
                reply.put(boxes.requests().get().toUpperCase());
            }
        }, new Mailboxes(requests, replies)));

        assertThat(replies.get(0).get(WAIT)).isEqualTo("A");
        assertThat(replies.get(1).get(WAIT)).isEqualTo("B");
        assertThat(replies.get(2).get(WAIT)).isEqualTo("C");
        assertExitsNormally(child);
    }

    @Test
    void aQueueSentThroughAnotherQueueWorksInTheChildAndComesBack() {
        ProcessQueue<ProcessQueue<String>> mailbox = Mp.queue();
        ProcessQueue<String> inner = Mp.queue();
        ChildProcess child = children.start(Mp.process((ProcessQueue<ProcessQueue<String>> box) -> {
            ProcessQueue<String> received = box.get();
            received.put("through the mailbox");
            box.put(received);
        }, mailbox));

        mailbox.put(inner);

        assertThat(inner.get(WAIT)).isEqualTo("through the mailbox");
        ProcessQueue<String> returned = mailbox.get(WAIT);
        returned.put("back home");
        assertThat(inner.get(WAIT)).isEqualTo("back home");
        assertExitsNormally(child);
    }

    /** Enough small items that the owner reads many thousands of them from its socket buffer at once. */
    @Test
    void everythingAChildPutRightBeforeItExitedArrivesAfterItWasJoined() {
        ProcessQueue<Integer> queue = Mp.queue();
        ChildProcess child = children.start(Mp.process((ProcessQueue<Integer> q) -> {
            for (int i = 0; i < SMALL_ITEMS; i++) {
                q.put(i);
            }
        }, queue));

        assertExitsNormally(child);

        List<Integer> received = new ArrayList<>();
        try {
            while (received.size() < SMALL_ITEMS) {
                received.add(queue.get(AFTER_EXIT_WAIT));
            }
        } catch (QueueEmptyException e) {
            fail("only " + received.size() + " of " + SMALL_ITEMS + " items arrived; missing: " + missing(received, SMALL_ITEMS), e);
        }
        int firstOutOfOrder = IntStream.range(0, SMALL_ITEMS).filter(i -> received.get(i) != i).findFirst().orElse(-1);
        assertThat(firstOutOfOrder).as("position of the first item out of order").isEqualTo(-1);
        assertThatThrownBy(queue::getNowait).isInstanceOf(QueueEmptyException.class);
    }

    @Test
    void aParentMayJoinAChildBeforeTakingTheHugeItemItPut() {
        ProcessQueue<byte[]> queue = Mp.queue();
        ChildProcess child = children.start(Mp.process((ProcessQueue<byte[]> q) -> q.put(pattern(HUGE_ITEM_BYTES)), queue));

        assertThat(child.join(LONG_WAIT)).as("join before the queue is drained").isTrue();
        assertThat(child.exitCode()).isZero();

        byte[] item = queue.get(WAIT);
        assertThat(item).hasSize(HUGE_ITEM_BYTES);
        assertThat(Arrays.mismatch(item, pattern(HUGE_ITEM_BYTES))).as("first differing byte").isEqualTo(-1);
    }

    /**
     * Once every producer has been joined, the parent puts one end marker per consumer, behind all
     * the items (CPython's idiom); each consumer stops at the first marker it takes. Consumers take
     * items in batches, so a consumer may hold markers behind its own: a consumer left waiting
     * recalls them, and they go back to the queue when their holder exits.
     */
    @Test
    void fourProducersAndFourConsumersShareOneQueueAndEveryItemArrivesExactlyOnce() {
        ProcessQueue<Integer> work = Mp.queue();
        ProcessQueue<List<Integer>> results = Mp.queue();
        List<ChildProcess> started = new ArrayList<>();
        List<ChildProcess> producers = new ArrayList<>();
        for (int consumer = 0; consumer < 4; consumer++) {
            started.add(children.start(Mp.process(QueueAcrossProcessesTest::consume, work, results)));
        }
        for (int producer = 0; producer < 4; producer++) {
            producers.add(children.start(Mp.process(QueueAcrossProcessesTest::produce, work, producer * ITEMS_PER_PRODUCER)));
        }
        producers.forEach(this::assertExitsNormally);
        for (int consumer = 0; consumer < 4; consumer++) {
            work.put(NO_MORE_ITEMS);
        }

        List<Integer> received = new ArrayList<>();
        for (int consumer = 0; consumer < 4; consumer++) {
            try {
                received.addAll(results.get(WAIT));
            } catch (QueueEmptyException e) {
                fail("only " + consumer + " of 4 consumers saw an end marker (they took " + received.size() + " items);"
                        + " the others still wait, for items or end markers that never arrived", e);
            }
        }

        started.forEach(this::assertExitsNormally);
        Set<Integer> distinct = new HashSet<>();
        List<Integer> twice = received.stream().filter(item -> !distinct.add(item)).limit(20).collect(Collectors.toList());
        assertThat(twice).as("items received more than once").isEmpty();
        assertThat(missing(received, 4 * ITEMS_PER_PRODUCER)).as("items never received").isEqualTo("0 items []");
        assertThat(work.isEmpty()).isTrue();
    }

    @Test
    void aChildSeesTheBoundEmptinessAndSerializationErrorsOfAQueueItDoesNotOwn() {
        ProcessQueue<String> bounded = Mp.queue(2);
        bounded.put("one");
        bounded.put("two");
        ProcessQueue<Object> empty = Mp.queue();
        ProcessQueue<Outcome> outcomes = Mp.queue();

        ChildProcess child = children.start(Mp.process(QueueAcrossProcessesTest::probe, new Probe(bounded, empty, outcomes)));

        Map<String, Outcome> seen = new LinkedHashMap<>();
        for (int i = 0; i < 9; i++) {
            Outcome outcome = outcomes.get(WAIT);
            seen.put(outcome.operation(), outcome);
        }
        assertExitsNormally(child);

        assertThat(seen.get("size isFull maxSize").result()).isEqualTo("2 true 2");
        assertThat(seen.get("putNowait").failure()).isEqualTo(QueueFullException.class.getName());
        assertThat(seen.get("putNowait").result()).contains("full");
        assertThat(seen.get("put 300 ms").failure()).isEqualTo(QueueFullException.class.getName());
        assertThat(seen.get("put 300 ms").millis()).isGreaterThanOrEqualTo(299);
        assertThat(seen.get("getNowait").failure()).isEqualTo(QueueEmptyException.class.getName());
        assertThat(seen.get("get 300 ms").failure()).isEqualTo(QueueEmptyException.class.getName());
        assertThat(seen.get("get 300 ms").millis()).isGreaterThanOrEqualTo(299);
        assertThat(seen.get("put a thread").failure()).isEqualTo(SerializationException.class.getName());
        assertThat(seen.get("put a thread").result()).contains("java.lang.Thread");
        assertThat(seen.get("put and get after the refused item").result()).isEqualTo("still usable");
        assertThat(seen.get("get").result()).isEqualTo("one");
        assertThat(seen.get("putNowait after get").result()).isEqualTo("done");
        assertThat(bounded.get(WAIT)).isEqualTo("two");
        assertThat(bounded.get(WAIT)).isEqualTo("three");
        assertThat(empty.isEmpty()).isTrue();
    }

    @Test
    void aClosedHandleRefusesWorkWhileOtherHandlesOfTheSameQueueKeepWorking() {
        ProcessQueue<String> queue = Mp.queue();
        ProcessQueue<ProcessQueue<String>> mailbox = Mp.queue();
        ProcessQueue<String> reports = Mp.queue();
        ProcessQueue<String> go = Mp.queue();
        mailbox.put(queue);

        ChildProcess child = children.start(Mp.process(QueueAcrossProcessesTest::closeOneOfTwoHandles,
                new Handles(queue, mailbox, reports, go)));

        String refusal = reports.get(WAIT);
        assertThat(refusal).startsWith(QueueClosedException.class.getName()).contains("closed");
        assertThat(Set.of(queue.get(WAIT), queue.get(WAIT))).containsExactlyInAnyOrder("before close", "through the other handle");

        queue.close();
        assertThatThrownBy(() -> queue.put("after close")).isInstanceOf(QueueClosedException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(queue::get).isInstanceOf(QueueClosedException.class);
        go.put("the parent closed its handle");

        assertThat(reports.get(WAIT)).isEqualTo("after the parent closed its handle");
        assertExitsNormally(child);
    }

    @Test
    void aQueueWhoseOwnerExitedFailsWithQueueClosedInsteadOfHanging() throws Exception {
        ProcessQueue<ProcessQueue<String>> transport = Mp.queue();
        ProcessQueue<String> go = Mp.queue();
        ChildProcess child = children.start(Mp.process((ProcessQueue<ProcessQueue<String>> out, ProcessQueue<String> exit) -> {
            ProcessQueue<String> owned = Mp.queue();
            owned.put("made by the child");
            out.put(owned);
            exit.get();
        }, transport, go));
        ProcessQueue<String> orphaned = transport.get(WAIT);
        assertThat(orphaned.get(WAIT)).as("works while its owner runs").isEqualTo("made by the child");
        Future<String> blocked = background.submit(() -> orphaned.get());

        go.put("exit");
        assertExitsNormally(child);

        assertThatThrownBy(() -> blocked.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(QueueClosedException.class);
        assertThatThrownBy(orphaned::get).isInstanceOf(QueueClosedException.class).hasMessageContaining("created");
        assertThatThrownBy(() -> orphaned.get(Duration.ofSeconds(1))).isInstanceOf(QueueClosedException.class);
        assertThatThrownBy(orphaned::size).isInstanceOf(QueueClosedException.class);
        assertThatThrownBy(() -> orphaned.put("into the void")).isInstanceOf(QueueClosedException.class);
    }

    @Test
    void aPutOnAQueueWhoseOwnerExitedFailsEvenAfterEarlierPutsSucceeded() {
        ProcessQueue<ProcessQueue<String>> transport = Mp.queue();
        ProcessQueue<String> echoes = Mp.queue();
        ChildProcess child = children.start(Mp.process((ProcessQueue<ProcessQueue<String>> out, ProcessQueue<String> echo) -> {
            ProcessQueue<String> owned = Mp.queue();
            out.put(owned);
            echo.put(owned.get());
        }, transport, echoes));
        ProcessQueue<String> orphaned = transport.get(WAIT);
        orphaned.put("while the owner runs");
        assertThat(echoes.get(WAIT)).isEqualTo("while the owner runs");
        assertExitsNormally(child);

        assertThatThrownBy(() -> orphaned.put("after the owner exited")).as("a put of an item nobody can ever get")
                .isInstanceOf(QueueClosedException.class);
    }

    @Test
    void joinReturnsOnceAConsumerChildMarkedEveryItemDone() {
        JoinableProcessQueue<Integer> tasks = Mp.joinableQueue();
        ProcessQueue<String> reports = Mp.queue();
        for (int i = 0; i < 50; i++) {
            tasks.put(i);
        }
        assertThat(tasks.join(Duration.ofMillis(100))).as("join before anything is done").isFalse();

        ChildProcess child = children.start(Mp.process(QueueAcrossProcessesTest::doTasks, tasks, reports));

        assertThat(tasks.join(LONG_WAIT)).isTrue();
        assertThat(tasks.isEmpty()).isTrue();
        assertThat(reports.get(WAIT)).startsWith(IllegalStateException.class.getName())
                .contains("taskDone() called more times than items were put");
        assertThat(reports.get(WAIT)).isEqualTo("still usable: 99");
        assertExitsNormally(child);
        assertThat(tasks.join(Duration.ZERO)).isTrue();
        assertThatThrownBy(tasks::taskDone).isInstanceOf(IllegalStateException.class);
    }

    /**
     * Byte arrays from 64 KiB on travel as they are rather than serialized, and the owner keeps
     * them that way. They must still keep their place among the other items, be a copy taken at
     * put, and reach a consumer in a third process as well as one in the owner.
     */
    @Test
    void largeByteArraysKeepTheirPlaceAndTheirContentsOnTheWayToAnyConsumer() {
        ProcessQueue<Object> queue = Mp.queue();
        ProcessQueue<String> report = Mp.queue();
        ChildProcess producer = children.start(Mp.process((ProcessQueue<Object> q) -> {
            byte[] block = pattern(BLOCK_BYTES);
            q.put("first");
            q.put(block);
            block[0]++;
            q.put(block);
            q.put(null);
            q.put(pattern(RAW_THRESHOLD_BYTES - 1));
            q.put(pattern(RAW_THRESHOLD_BYTES));
            q.put(List.of(pattern(BLOCK_BYTES), "inside a list"));
            q.put("last");
        }, queue));
        assertExitsNormally(producer);

        ChildProcess consumer = children.start(Mp.process((ProcessQueue<Object> q, ProcessQueue<String> out) -> {
            out.put((String) q.get());
            byte[] block = (byte[]) q.get();
            out.put(block.length + " bytes, " + Arrays.mismatch(block, pattern(BLOCK_BYTES)));
        }, queue, report));
        assertThat(report.get(WAIT)).isEqualTo("first");
        assertThat(report.get(WAIT)).as("length and first differing byte").isEqualTo(BLOCK_BYTES + " bytes, -1");
        assertExitsNormally(consumer);

        byte[] changed = pattern(BLOCK_BYTES);
        changed[0]++;
        assertThat(Arrays.mismatch((byte[]) queue.get(WAIT), changed)).as("the array as it was when put the second time").isEqualTo(-1);
        assertThat(queue.get(WAIT)).isNull();
        assertThat(Arrays.mismatch((byte[]) queue.get(WAIT), pattern(RAW_THRESHOLD_BYTES - 1))).isEqualTo(-1);
        assertThat(Arrays.mismatch((byte[]) queue.get(WAIT), pattern(RAW_THRESHOLD_BYTES))).isEqualTo(-1);
        List<?> list = (List<?>) queue.get(WAIT);
        assertThat(Arrays.mismatch((byte[]) list.get(0), pattern(BLOCK_BYTES))).isEqualTo(-1);
        assertThat(list.get(1)).isEqualTo("inside a list");
        assertThat(queue.get(WAIT)).isEqualTo("last");
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void aLargeByteArrayPutByItsOwnerIsACopyTakenAtPut() {
        ProcessQueue<byte[]> queue = Mp.queue();
        byte[] block = pattern(BLOCK_BYTES);
        queue.put(block);
        block[0]++;

        byte[] taken = queue.get(WAIT);
        assertThat(taken).isNotSameAs(block);
        assertThat(Arrays.mismatch(taken, pattern(BLOCK_BYTES))).as("first byte that differs from the array put").isEqualTo(-1);
    }

    @Test
    void aSimpleQueueCarriesItemsAndNullBetweenProcesses() {
        SimpleProcessQueue<String> queue = Mp.simpleQueue();
        SimpleProcessQueue<String> replies = Mp.simpleQueue();
        assertThat(queue.isEmpty()).isTrue();
        queue.put("a");
        queue.put("b");
        assertThat(queue.isEmpty()).isFalse();

        ChildProcess child = children.start(Mp.process((SimpleProcessQueue<String> in, SimpleProcessQueue<String> out) -> {
            String first = in.get();
            String second = in.get();
            out.put(first + second);
            out.put(null);
            out.put("empty: " + in.isEmpty());
        }, queue, replies));

        assertThat(replies.get()).isEqualTo("ab");
        assertThat(replies.get()).isNull();
        assertThat(replies.get()).isEqualTo("empty: true");
        assertExitsNormally(child);
        assertThat(queue.isEmpty()).isTrue();
        assertThat(replies.isEmpty()).isTrue();
    }

    private void assertExitsNormally(ChildProcess child) {
        assertThat(child.join(LONG_WAIT)).as("%s exits", child).isTrue();
        assertThat(child.exitCode()).as("exit code of %s", child).isZero();
    }

    private static String missing(List<Integer> received, int expected) {
        Set<Integer> seen = new HashSet<>(received);
        List<Integer> absent = IntStream.range(0, expected).filter(i -> !seen.contains(i)).boxed().collect(Collectors.toList());
        return absent.size() + " items " + absent.subList(0, Math.min(20, absent.size())) + (absent.size() > 20 ? "..." : "");
    }

    static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + (i >>> 16));
        }
        return bytes;
    }

    static void produce(ProcessQueue<Integer> work, Integer first) {
        for (int i = first; i < first + ITEMS_PER_PRODUCER; i++) {
            work.put(i);
        }
    }

    static void consume(ProcessQueue<Integer> work, ProcessQueue<List<Integer>> results) {
        List<Integer> taken = new ArrayList<>();
        for (Integer item = work.get(); !NO_MORE_ITEMS.equals(item); item = work.get()) {
            taken.add(item);
        }
        results.put(taken);
    }

    static void probe(Probe probe) {
        ProcessQueue<String> bounded = probe.bounded();
        ProcessQueue<Object> empty = probe.empty();
        report(probe, "size isFull maxSize", () -> bounded.size() + " " + bounded.isFull() + " " + bounded.maxSize());
        report(probe, "putNowait", () -> {
            bounded.putNowait("three");
            return "done";
        });
        report(probe, "put 300 ms", () -> {
            bounded.put("three", Duration.ofMillis(300));
            return "done";
        });
        report(probe, "getNowait", empty::getNowait);
        report(probe, "get 300 ms", () -> empty.get(Duration.ofMillis(300)));
        report(probe, "put a thread", () -> {
            empty.put(Thread.currentThread());
            return "done";
        });
        report(probe, "put and get after the refused item", () -> {
            empty.put("still usable");
            return empty.get(WAIT);
        });
        report(probe, "get", bounded::get);
        report(probe, "putNowait after get", () -> {
            bounded.putNowait("three");
            return "done";
        });
    }

    private static void report(Probe probe, String operation, Supplier<Object> action) {
        long start = System.nanoTime();
        Outcome outcome;
        try {
            Object result = action.get();
            outcome = new Outcome(operation, null, String.valueOf(result), elapsedMillis(start));
        } catch (RuntimeException e) {
            outcome = new Outcome(operation, e.getClass().getName(), e.getMessage(), elapsedMillis(start));
        }
        probe.outcomes().put(outcome);
    }

    private static long elapsedMillis(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    static void closeOneOfTwoHandles(Handles handles) {
        ProcessQueue<String> first = handles.queue();
        ProcessQueue<String> second = handles.mailbox().get();
        first.put("before close");
        first.close();
        try {
            first.put("after close");
            handles.reports().put("a closed handle accepted an item");
        } catch (QueueClosedException e) {
            handles.reports().put(e.getClass().getName() + ": " + e.getMessage());
        }
        second.put("through the other handle");
        handles.go().get();
        second.put("after the parent closed its handle");
        handles.reports().put(second.get());
    }

    static void doTasks(JoinableProcessQueue<Integer> tasks, ProcessQueue<String> reports) {
        for (int i = 0; i < 50; i++) {
            tasks.get();
            tasks.taskDone();
        }
        try {
            tasks.taskDone();
            reports.put("a taskDone too many was accepted");
        } catch (IllegalStateException e) {
            reports.put(e.getClass().getName() + ": " + e.getMessage());
        }
        tasks.put(99);
        Integer again = tasks.get();
        tasks.taskDone();
        reports.put("still usable: " + again);
    }

    /** Queues nested in a record and a list. */
    record Mailboxes(ProcessQueue<String> requests, List<ProcessQueue<String>> replies) {
    }

    /** What {@link #probe} works on. */
    record Probe(ProcessQueue<String> bounded, ProcessQueue<Object> empty, ProcessQueue<Outcome> outcomes) {
    }

    /** One operation a child tried on a queue: its result, or the exception's class ({@code failure}) and message. */
    record Outcome(String operation, String failure, String result, long millis) {
    }

    /** Two handles of one queue (one as an argument, one through a mailbox) and the queues to report on. */
    record Handles(ProcessQueue<String> queue, ProcessQueue<ProcessQueue<String>> mailbox, ProcessQueue<String> reports,
                   ProcessQueue<String> go) {
    }
}
