package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.connection.Address;
import io.github.mp4j.connection.Client;
import io.github.mp4j.connection.Connection;
import io.github.mp4j.connection.Connections;
import io.github.mp4j.connection.Listener;
import io.github.mp4j.connection.Pipe;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.queue.JoinableProcessQueue;
import io.github.mp4j.queue.ProcessQueue;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * mp4j's one interrupt policy ({@link MpInterruptedException}), concept by concept: a thread
 * blocked in a call and interrupted gets {@code MpInterruptedException} with its interrupt status
 * set again, and the object it waited on is still usable (but for a connection interrupted in the
 * middle of a socket read, which is closed, as the JDK's channels are).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InterruptPolicyTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Written by the putting thread itself, not handed to the feeder thread. */
    private static final int LARGE_ITEM_BYTES = 1 << 20;
    private static final byte[] KEY = "mp4j interrupt test key 0123456".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    final ChildReaper children = new ChildReaper();

    @AfterEach
    void clearTheInterruptOfThisThread() {
        Thread.interrupted();
    }

    @Test
    void queueGetOnAnEmptyQueue() {
        ProcessQueue<String> queue = Mp.queue();

        assertInterrupted(queue::get, "an item from the queue");

        queue.put("after the interrupt");
        assertThat(queue.get(WAIT)).isEqualTo("after the interrupt");
    }

    @Test
    void queueGetOnAnotherProcesssQueue() {
        ProcessQueue<String> queue = Mp.queue();
        ProcessQueue<String> report = Mp.queue();

        children.start(Mp.process(InterruptPolicyTest::interruptAGetThenGetAgain, queue, report));

        assertThat(report.get(WAIT)).isEqualTo("MpInterruptedException, interrupt status set; then got: after");
        assertThat(queue.size()).as("nothing left behind").isZero();
    }

    /** In a child: interrupts a get on the parent's empty queue, then uses the queue again. */
    static void interruptAGetThenGetAgain(ProcessQueue<String> queue, ProcessQueue<String> report) {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread getter = new Thread(() -> {
            try {
                outcome.complete("returned " + queue.get());
            } catch (RuntimeException e) {
                outcome.complete(e.getClass().getSimpleName()
                        + (Thread.currentThread().isInterrupted() ? ", interrupt status set" : ", interrupt status clear"));
            }
        }, "getter");
        getter.start();
        awaitBlocked(getter);
        getter.interrupt();
        String interrupted = outcome.join();
        queue.put("after");
        report.put(interrupted + "; then got: " + queue.get(WAIT));
    }

    @Test
    void queuePutOfLargeItemsToAnotherProcesssQueue() {
        ProcessQueue<Object> queue = Mp.queue();
        ProcessQueue<String> report = Mp.queue();

        children.start(Mp.process(InterruptPolicyTest::interruptLargePutsThenPutAgain, queue, report));

        int largeItems = 0;
        for (Object item = queue.get(WAIT); !"after".equals(item); item = queue.get(WAIT)) {
            assertThat(item).as("a whole large item").isInstanceOf(byte[].class);
            assertThat((byte[]) item).hasSize(LARGE_ITEM_BYTES);
            largeItems++;
        }
        assertThat(report.get(WAIT)).isEqualTo("MpInterruptedException, interrupt status set");
        assertThat(largeItems).as("large items that arrived whole before the interrupt").isGreaterThan(0);
    }

    /**
     * In a child: a thread puts large items on the parent's unbounded queue, each written by the
     * putting thread itself (through the shared-memory ring), until it is interrupted, wherever the
     * interrupt finds it; then the queue is used again from another thread.
     */
    static void interruptLargePutsThenPutAgain(ProcessQueue<Object> queue, ProcessQueue<String> report) {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        CountDownLatch streaming = new CountDownLatch(1);
        Thread putter = new Thread(() -> {
            byte[] large = new byte[LARGE_ITEM_BYTES];
            try {
                while (!outcome.isDone()) {
                    queue.put(large);
                    streaming.countDown();
                }
            } catch (RuntimeException e) {
                outcome.complete(e.getClass().getSimpleName()
                        + (Thread.currentThread().isInterrupted() ? ", interrupt status set" : ", interrupt status clear"));
            }
        }, "putter");
        putter.start();
        try {
            streaming.await();
            Thread.sleep(100);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        putter.interrupt();
        String interrupted = outcome.join();
        queue.put("after");
        report.put(interrupted);
    }

    @Test
    void queuePutOnAFullQueue() {
        ProcessQueue<String> queue = Mp.queue(1);
        queue.put("first");

        assertInterrupted(() -> queue.put("refused"), "room in the queue");

        assertThat(queue.size()).as("the interrupted put added nothing").isEqualTo(1);
        assertThat(queue.get(WAIT)).isEqualTo("first");
        queue.put("second");
        assertThat(queue.get(WAIT)).isEqualTo("second");
    }

    @Test
    void joinableQueueJoinWithUnfinishedTasks() {
        JoinableProcessQueue<Integer> tasks = Mp.joinableQueue();
        tasks.put(1);

        assertInterrupted(tasks::join, "marked done");

        assertThat(tasks.get(WAIT)).isEqualTo(1);
        tasks.taskDone();
        assertThat(tasks.join(WAIT)).as("the count was kept").isTrue();
    }

    @Test
    void aQueueCallThatMayWaitAndStartsInterruptedThrowsWithoutWaitingOneThatMayNotGoesAhead() {
        ProcessQueue<String> queue = Mp.queue();
        queue.put("ready");

        Thread.currentThread().interrupt();
        assertThatThrownBy(queue::get).isInstanceOf(MpInterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(queue.getNowait()).as("a call that does not wait ignores the interrupt").isEqualTo("ready");
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void connectionRecvClosesTheConnectionButNotTheListener() {
        try (Listener listener = Listener.bind(KEY)) {
            CompletableFuture<Connection> accepted = CompletableFuture.supplyAsync(listener::accept);
            try (Connection client = Client.connect(listener.address(), KEY); Connection server = accepted.join()) {

                assertInterrupted(server::recv, "a message");

                assertThat(server.isClosed()).as("interrupted mid-read, as the JDK's channels are").isTrue();
                assertThat(client.isClosed()).as("the other end").isFalse();
            }
            CompletableFuture<Connection> next = CompletableFuture.supplyAsync(listener::accept);
            try (Connection client = Client.connect(listener.address(), KEY); Connection server = next.join()) {
                client.send("after the interrupt");
                assertThat(server.<String>recv()).isEqualTo("after the interrupt");
            }
        }
    }

    @Test
    void connectionPollLeavesTheConnectionUsable() {
        try (Listener listener = Listener.bind(KEY)) {
            CompletableFuture<Connection> accepted = CompletableFuture.supplyAsync(listener::accept);
            try (Connection client = Client.connect(listener.address(), KEY); Connection server = accepted.join()) {

                assertInterrupted(() -> server.poll(WAIT.multipliedBy(2)), "a message");
                Thread.currentThread().interrupt();
                assertThat(server.poll()).as("a poll that does not wait ignores the interrupt").isFalse();
                assertThatThrownBy(() -> server.poll(WAIT)).as("one that may wait throws at once")
                        .isInstanceOf(MpInterruptedException.class);
                assertThat(Thread.interrupted()).isTrue();

                client.send("after the interrupt");
                assertThat(server.poll(WAIT)).isTrue();
                assertThat(server.<String>recv()).isEqualTo("after the interrupt");
            }
        }
    }

    @Test
    void pipeRecvAndWaitForAnyConnection() {
        Pipe pipe = Mp.pipe();
        try (Connection left = pipe.left(); Connection right = pipe.right()) {
            right.send("connects both ends");
            assertThat(left.<String>recv()).isEqualTo("connects both ends");

            assertInterrupted(() -> Connections.waitFor(List.of(left), null), "ready");
            assertInterrupted(() -> left.poll(WAIT.multipliedBy(2)), "a message");

            right.send("after the interrupts");
            assertThat(Connections.waitFor(List.of(left), WAIT)).containsExactly(left);
            assertThat(left.<String>recv()).isEqualTo("after the interrupts");

            assertInterrupted(left::recv, "a message");
            assertThat(left.isClosed()).as("interrupted mid-read").isTrue();
        }
    }

    @Test
    void listenerAccept() {
        try (Listener listener = Listener.bind(KEY)) {

            assertInterrupted(listener::accept, "a peer");

            assertThat(listener.isClosed()).isFalse();
            CompletableFuture<Connection> accepted = CompletableFuture.supplyAsync(listener::accept);
            try (Connection client = Client.connect(listener.address(), KEY); Connection server = accepted.join()) {
                client.send("after the interrupt");
                assertThat(server.<String>recv()).isEqualTo("after the interrupt");
            }
        }
    }

    @Test
    void clientConnectDuringTheHandshake() throws IOException {
        try (ServerSocketChannel silent = ServerSocketChannel.open()) {
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Address address = Address.of(silent.getLocalAddress());

            assertInterrupted(() -> Client.connect(address, KEY), "the handshake");
        }
    }

    @Test
    void processJoinLeavesTheChildRunning() {
        ProcessQueue<String> go = Mp.queue();
        ChildProcess child = children.start(Mp.process(InterruptPolicyTest::awaitGo, go));

        assertInterrupted(child::join, "to exit");

        assertThat(child.isAlive()).isTrue();
        Thread.currentThread().interrupt();
        assertThat(child.join(Duration.ZERO)).as("a join that does not wait ignores the interrupt").isFalse();
        assertThatThrownBy(() -> child.join(WAIT)).as("one that may wait throws at once")
                .isInstanceOf(MpInterruptedException.class);
        assertThat(Thread.interrupted()).isTrue();
        go.put("go");
        assertThat(child.join(WAIT)).isTrue();
        assertThat(child.exitCode()).isZero();
    }

    static void awaitGo(ProcessQueue<String> go) {
        go.get();
    }

    /**
     * Runs {@code call} on a thread of its own, interrupts that thread once it is blocked (or, if
     * it does not look blocked within a moment, anyway: a call that starts interrupted throws as
     * well), and checks what the call threw and that the thread's interrupt status was set again.
     */
    private static void assertInterrupted(Runnable call, String whatWasAwaited) {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        CompletableFuture<Boolean> interruptStatus = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                call.run();
                thrown.complete(null);
            } catch (Throwable t) {
                thrown.complete(t);
            }
            interruptStatus.complete(Thread.currentThread().isInterrupted());
        }, "interrupted-caller");
        caller.start();
        awaitBlocked(caller);
        caller.interrupt();

        Throwable failure = thrown.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        assertThat(failure).as("what the interrupted call threw").isInstanceOf(MpInterruptedException.class)
                .hasMessageContaining(whatWasAwaited);
        assertThat(interruptStatus.join()).as("the caller's interrupt status, set again").isTrue();
    }

    /** Waits until the thread parks; a thread in a socket read stays RUNNABLE, so at most half a second. */
    private static void awaitBlocked(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (System.nanoTime() < deadline) {
            Thread.State state = thread.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                return;
            }
            Thread.onSpinWait();
        }
    }
}
