package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.connection.Connection;
import io.github.mp4j.connection.ConnectionClosedException;
import io.github.mp4j.connection.Pipe;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.queue.ProcessQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pipes between the test JVM, its threads and real child JVMs. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PipeAcrossProcessesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String STOP = "stop";
    private static final int MIB = 1 << 20;

    /** Kills and waits for this test's children, then checks that no mp4j child JVM is left. */
    @RegisterExtension
    final ChildReaper children = new ChildReaper();
    private final ExecutorService background = Executors.newCachedThreadPool();

    @AfterEach
    void stopBackgroundWork() {
        background.shutdownNow();
    }

    @Test
    void aChildEchoesObjectsOverAPipeEndPassedAsAnArgument() {
        Pipe pipe = Mp.pipe();
        Connection here = pipe.left();
        ChildProcess child = children.start(Mp.process(PipeAcrossProcessesTest::echoObjects, pipe.right()));

        assertThat(here.poll(Duration.ofMillis(200))).as("poll before anything was sent").isFalse();
        List<Object> messages = Arrays.asList("hello", 42, List.of(1, 2, 3), new Point(3, 4), Map.of("key", "value"), null);
        for (Object message : messages) {
            here.send(message);
            assertThat(here.poll(WAIT)).as("poll after sending %s", message).isTrue();
            assertThat(here.<Object>recv()).isEqualTo(message);
        }
        here.send(STOP);

        assertExitsNormally(child);
        assertThatThrownBy(here::recv).as("recv once the child's end is gone").isInstanceOf(ConnectionClosedException.class);
    }

    /** CPython's own Pipe example: the child sends, closes its end and exits; the parent receives. */
    @Test
    void cpythonsPipeExampleAChildSendsThenClosesItsEnd() {
        Pipe pipe = Mp.pipe();
        Connection parentEnd = pipe.left();
        ChildProcess child = children.start(Mp.process(PipeAcrossProcessesTest::sendThenClose, pipe.right()));

        assertThat(parentEnd.<Object>recv()).isEqualTo(Arrays.asList(42, null, "hello"));
        assertExitsNormally(child);
        assertThatThrownBy(parentEnd::recv).as("recv once the child's end is closed").isInstanceOf(ConnectionClosedException.class);
        parentEnd.close();
    }

    /** The same the other way round: the parent sends and closes its end before the child even starts. */
    @Test
    void messagesSentJustBeforeCloseReachAChildStartedAfterTheClose() {
        Pipe pipe = Mp.pipe();
        ProcessQueue<List<Object>> received = Mp.queue();
        pipe.left().send(List.of(42, "hello"));
        pipe.left().send("world");
        pipe.left().close();
        ChildProcess child = children.start(Mp.process(PipeAcrossProcessesTest::receiveUntilClosed, pipe.right(), received));

        assertThat(received.get(WAIT)).isEqualTo(List.of(List.of(42, "hello"), "world", "closed"));
        assertExitsNormally(child);
    }

    @Test
    void aChildsLastMessagesBeforeCloseArriveWhenTheParentReadsLate() {
        Pipe pipe = Mp.pipe(false);
        ChildProcess child = children.start(Mp.process(PipeAcrossProcessesTest::sendManyThenClose, pipe.right()));
        assertExitsNormally(child);

        for (int i = 0; i < 1000; i++) {
            assertThat(pipe.left().<Integer>recv()).isEqualTo(i);
        }
        assertThatThrownBy(pipe.left()::recv).isInstanceOf(ConnectionClosedException.class);
        pipe.left().close();
    }

    @Test
    void aOneWayPipeReceivesOnTheLeftAndSendsOnTheRight() {
        Pipe pipe = Mp.pipe(false);

        assertThat(pipe.left().readable()).isTrue();
        assertThat(pipe.left().writable()).isFalse();
        assertThat(pipe.right().readable()).isFalse();
        assertThat(pipe.right().writable()).isTrue();
        assertThatThrownBy(() -> pipe.left().send("wrong way")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> pipe.left().sendBytes(new byte[1])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> pipe.right().recv()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> pipe.right().recvBytes()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> pipe.right().poll(Duration.ZERO)).isInstanceOf(IllegalStateException.class);

        pipe.right().send("still works");
        assertThat(pipe.left().<String>recv()).isEqualTo("still works");
        pipe.close();
    }

    @Test
    void aParentMaySendBeforeItStartsTheChildThatReceives() {
        Pipe pipe = Mp.pipe(false);
        ProcessQueue<Object> received = Mp.queue();
        byte[] big = QueueAcrossProcessesTest.pattern(MIB);
        pipe.right().send("first");
        pipe.right().send(big);
        pipe.right().send("last");

        ChildProcess child = children.start(Mp.process((Connection in, ProcessQueue<Object> out) -> {
            for (int i = 0; i < 3; i++) {
                out.put(in.recv());
            }
            try {
                in.send("the wrong way");
                out.put("a receiving end sent");
            } catch (IllegalStateException e) {
                out.put(e.getClass().getName());
            }
        }, pipe.left(), received));

        assertThat(received.get(WAIT)).isEqualTo("first");
        assertThat(Arrays.mismatch((byte[]) received.get(WAIT), big)).isEqualTo(-1);
        assertThat(received.get(WAIT)).isEqualTo("last");
        assertThat(received.get(WAIT)).isEqualTo(IllegalStateException.class.getName());
        assertExitsNormally(child);
    }

    @Test
    void aParentBlockedInRecvGetsConnectionClosedWhenTheChildIsKilled() {
        Pipe pipe = Mp.pipe();
        Connection here = pipe.left();
        ChildProcess child = children.start(Mp.process((Connection there) -> {
            there.send("ready");
            there.recv();
        }, pipe.right()));
        assertThat(here.<String>recv()).isEqualTo("ready");
        Future<Object> blocked = background.submit(() -> here.recv());

        child.kill();

        assertThatThrownBy(() -> blocked.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ConnectionClosedException.class);
        assertThat(here.isClosed()).isTrue();
        assertThat(child.join(WAIT)).isTrue();
        assertThat(child.exitCode()).isEqualTo(-9);
    }

    /** Connection#close: "the other end then sees the end of the stream", even if the two never met. */
    @Test
    void closingAnEndThatNeverConnectedEndsTheStreamOfTheOtherEnd() {
        Pipe pipe = Mp.pipe();
        Future<Object> waiting = background.submit(() -> pipe.left().recv());

        pipe.right().close();

        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).as("recv on the other end")
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ConnectionClosedException.class);
        assertThatThrownBy(() -> pipe.left().recv()).isInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void bothEndsWorkFromTwoThreadsOfOneProcess() throws Exception {
        Pipe pipe = Mp.pipe();
        Future<Integer> doubler = background.submit(() -> doubleUntilNegative(pipe.right()));

        for (int i = 0; i < 1000; i++) {
            pipe.left().send(i);
            assertThat(pipe.left().<Integer>recv()).isEqualTo(2 * i);
        }
        pipe.left().send(-1);

        assertThat(doubler.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1000);
        pipe.close();
    }

    @Test
    void twoChildrenTalkOverAPipeWhoseEndsTheParentGaveAway() {
        Pipe pipe = Mp.pipe();
        ProcessQueue<List<Integer>> results = Mp.queue();

        ChildProcess asker = children.start(Mp.process(PipeAcrossProcessesTest::askForDoubles, pipe.left(), results));
        ChildProcess doubler = children.start(Mp.process(PipeAcrossProcessesTest::doubleUntilNegative, pipe.right()));

        assertThat(results.get(WAIT)).isEqualTo(IntStream.range(0, 100).map(i -> 2 * i).boxed().collect(Collectors.toList()));
        assertExitsNormally(asker);
        assertExitsNormally(doubler);
    }

    @Test
    void rawOneMebibyteBlocksMakeTheRoundTripIntact() {
        Pipe pipe = Mp.pipe();
        Connection here = pipe.left();
        ChildProcess child = children.start(Mp.process(PipeAcrossProcessesTest::echoBytesUntilEmpty, pipe.right()));

        byte[] received = new byte[MIB];
        for (int block = 0; block < 8; block++) {
            byte[] sent = QueueAcrossProcessesTest.pattern(MIB);
            Arrays.fill(sent, 0, 8, (byte) block);
            here.sendBytes(sent);
            assertThat(here.recvBytesInto(received, 0)).isEqualTo(MIB);
            assertThat(Arrays.mismatch(received, sent)).as("first differing byte of block %d", block).isEqualTo(-1);
        }
        byte[] framed = QueueAcrossProcessesTest.pattern(MIB + 20);
        here.sendBytes(framed, 10, MIB);
        assertThat(Arrays.mismatch(here.recvBytes(), Arrays.copyOfRange(framed, 10, 10 + MIB))).isEqualTo(-1);
        here.sendBytes(new byte[0]);

        assertExitsNormally(child);
    }

    @Test
    void messagesSentBeforeTheChildConnectedMayBeEchoedBackWithoutDeadlock() {
        Pipe pipe = Mp.pipe();
        Connection here = pipe.left();
        int blocks = 24;
        for (int block = 0; block < blocks; block++) {
            byte[] sent = new byte[MIB];
            Arrays.fill(sent, (byte) block);
            here.sendBytes(sent);
        }
        here.sendBytes(new byte[0]);
        ChildProcess child = children.start(Mp.process(PipeAcrossProcessesTest::echoBytesUntilEmpty, pipe.right()));

        for (int block = 0; block < blocks; block++) {
            byte[] echoed = here.recvBytes();
            assertThat(echoed).as("block %d", block).hasSize(MIB);
            assertThat(echoed[MIB - 1]).as("block %d in order", block).isEqualTo((byte) block);
        }
        assertExitsNormally(child);
    }

    @Test
    void aChildThatExitsWithoutUsingItsEndEndsTheStreamOfTheOtherEnd() {
        Pipe pipe = Mp.pipe();
        ChildProcess child = children.start(Mp.process((Connection unused) -> System.exit(3), pipe.right()));

        assertThatThrownBy(() -> pipe.left().recv()).as("recv instead of waiting forever")
                .isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("will never connect").hasMessageContaining("exited with code 3");
        assertThat(child.join(WAIT)).isTrue();
    }

    private void assertExitsNormally(ChildProcess child) {
        assertThat(child.join(WAIT)).as("%s exits", child).isTrue();
        assertThat(child.exitCode()).as("exit code of %s", child).isZero();
    }

    static void sendThenClose(Connection conn) {
        conn.send(Arrays.asList(42, null, "hello"));
        conn.close();
    }

    static void sendManyThenClose(Connection conn) {
        for (int i = 0; i < 1000; i++) {
            conn.send(i);
        }
        conn.close();
    }

    static void receiveUntilClosed(Connection end, ProcessQueue<List<Object>> received) {
        List<Object> messages = new ArrayList<>();
        try {
            while (true) {
                messages.add(end.recv());
            }
        } catch (ConnectionClosedException e) {
            messages.add("closed");
        }
        received.put(messages);
    }

    static void echoObjects(Connection end) {
        for (Object message = end.recv(); !STOP.equals(message); message = end.recv()) {
            end.send(message);
        }
    }

    static int doubleUntilNegative(Connection end) {
        int count = 0;
        for (int number = end.<Integer>recv(); number >= 0; number = end.<Integer>recv()) {
            end.send(2 * number);
            count++;
        }
        return count;
    }

    static void askForDoubles(Connection end, ProcessQueue<List<Integer>> results) {
        List<Integer> doubles = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            end.send(i);
            doubles.add(end.recv());
        }
        end.send(-1);
        results.put(doubles);
    }

    static void echoBytesUntilEmpty(Connection end) {
        for (byte[] block = end.recvBytes(); block.length > 0; block = end.recvBytes()) {
            end.sendBytes(block);
        }
    }

    /** A user record crossing the pipe. */
    record Point(int x, int y) {
    }
}
