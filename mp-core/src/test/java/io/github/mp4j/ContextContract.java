package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.connection.Connection;
import io.github.mp4j.connection.ConnectionClosedException;
import io.github.mp4j.connection.Pipe;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.process.ExitCodes;
import io.github.mp4j.queue.JoinableProcessQueue;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.runtime.StartMethod;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same small programs on every start method: what a context's processes, queues, pipes and
 * pools do must not depend on whether they are JVMs or threads. Each start method runs this
 * contract in a subclass.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class ContextContract {

    static final Duration WAIT = Duration.ofSeconds(30);

    /** Kills and waits for this test's children, then checks that no mp4j child JVM is left. */
    @RegisterExtension
    final ChildReaper children = new ChildReaper();

    abstract StartMethod startMethod();

    final MpContext context() {
        return MpContext.of(startMethod());
    }

    @Test
    void theContextCarriesItsStartMethodToEveryProcess() {
        MpContext context = context();

        assertThat(context.startMethod()).isEqualTo(startMethod());
        assertThat(Mp.context(startMethod())).isSameAs(context);
        assertThat(context.process(() -> { }).startMethod()).isEqualTo(startMethod());
        assertThat(context.processBuilder(() -> { }).name("named").build().startMethod()).isEqualTo(startMethod());
    }

    @Test
    void aProcessSendsAValueBackThroughAQueueAndExitsWithZero() {
        ProcessQueue<Integer> results = context().queue();
        ChildProcess child = children.start(context().process(ContextContract::doubleInto, 21, results));

        assertThat(results.get(WAIT)).isEqualTo(42);
        assertThat(child.join(WAIT)).isTrue();
        assertThat(child.exitCode()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(child.isAlive()).isFalse();
        assertThat(context().activeChildren()).doesNotContain(child);
    }

    @Test
    void aProcessWhoseTargetThrowsExitsWithOne() {
        ChildProcess child = children.start(context().process(() -> {
            throw new IllegalStateException("expected by the test: a failing target");
        }));

        assertThat(child.join(WAIT)).isTrue();
        assertThat(child.exitCode()).isEqualTo(ExitCodes.UNCAUGHT_EXCEPTION);
    }

    @Test
    void aTerminatedProcessWaitingOnAQueueStopsWithMinusFifteen() {
        ProcessQueue<String> started = context().queue();
        ProcessQueue<String> never = context().queue();
        ChildProcess child = children.start(context().process(ContextContract::signalThenWait, started, never));
        assertThat(started.get(WAIT)).isEqualTo("waiting");
        assertThat(child.isAlive()).isTrue();
        assertThat(context().activeChildren()).contains(child);

        child.terminate();

        assertThat(child.join(WAIT)).isTrue();
        assertThat(child.exitCode()).isEqualTo(ExitCodes.TERMINATED);
    }

    @Test
    void aJoinableQueueIsJoinedOnceAProcessMarkedEveryItemDone() {
        JoinableProcessQueue<Integer> work = context().joinableQueue();
        ProcessQueue<Integer> sums = context().queue();
        IntStream.rangeClosed(1, 10).forEach(work::put);
        work.put(null);
        ChildProcess child = children.start(context().process(ContextContract::sumUntilNull, work, sums));

        assertThat(work.join(WAIT)).isTrue();
        assertThat(sums.get(WAIT)).isEqualTo(55);
        assertThat(child.join(WAIT)).isTrue();
    }

    @Test
    void aPipeEndPassedToAProcessEchoesAndClosesItsEnd() {
        Pipe pipe = context().pipe();
        Connection here = pipe.left();
        ChildProcess child = children.start(context().process(ContextContract::echoOnceThenClose, pipe.right()));

        here.send(List.of(1, "two"));

        assertThat(here.<Object>recv()).isEqualTo(List.of(List.of(1, "two"), "echo"));
        assertThat(child.join(WAIT)).isTrue();
        assertThat(child.exitCode()).isEqualTo(ExitCodes.SUCCESS);
        assertThatThrownBy(here::recv).isInstanceOf(ConnectionClosedException.class);
        here.close();
    }

    @Test
    void aPoolOfTheContextMapsInOrder() {
        try (ProcessPool pool = context().pool(2)) {
            List<Integer> squares = pool.map(x -> x * x, IntStream.range(0, 100).boxed().collect(Collectors.toList()));

            assertThat(squares).isEqualTo(IntStream.range(0, 100).map(x -> x * x).boxed().collect(Collectors.toList()));
        }
    }

    @Test
    void aConfiguredPoolRunsItsTasksWhereTheStartMethodSays() {
        long here = ProcessHandle.current().pid();
        try (ProcessPool pool = context().pool(config -> config.name("configured").processes(1).maxTasksPerChild(5))) {
            long workerPid = pool.<Long>apply(() -> ProcessHandle.current().pid());

            assertThat(workerPid == here).as("worker pid %s, this JVM's %s", workerPid, here)
                    .isEqualTo(startMethod() == StartMethod.THREADS);
        }
    }

    private static void doubleInto(int value, ProcessQueue<Integer> results) {
        results.put(value * 2);
    }

    private static void signalThenWait(ProcessQueue<String> started, ProcessQueue<String> never) {
        started.put("waiting");
        never.get();
    }

    private static void sumUntilNull(JoinableProcessQueue<Integer> work, ProcessQueue<Integer> sums) {
        int sum = 0;
        for (Integer item = work.get(); item != null; item = work.get()) {
            sum += item;
            work.taskDone();
        }
        sums.put(sum);
        work.taskDone();
    }

    private static void echoOnceThenClose(Connection end) {
        Object received = end.recv();
        end.send(List.of(received, "echo"));
        end.close();
    }
}
