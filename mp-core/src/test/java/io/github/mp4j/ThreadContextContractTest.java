package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ExitCodes;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.queue.QueueClosedException;
import io.github.mp4j.runtime.StartMethod;
import io.github.mp4j.serial.SerializationException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The context contract on threads of this JVM (Python's {@code multiprocessing.dummy}), and
 * where a thread honestly differs from a process.
 */
class ThreadContextContractTest extends ContextContract {

    @Override
    StartMethod startMethod() {
        return StartMethod.THREADS;
    }

    @Test
    void aThreadProcessIsAThreadOfThisJvmNamedAfterTheProcess() {
        ProcessQueue<String> threadNames = context().queue();
        ChildProcess child = children.start(context().processBuilder(() -> threadNames.put(Thread.currentThread().getName()))
                .name("thread-child").daemon(true).build());

        assertThat(threadNames.get(WAIT)).isEqualTo("thread-child");
        assertThat(child.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(child.join(WAIT)).isTrue();
        assertThat(child.exitCode()).isEqualTo(ExitCodes.SUCCESS);
    }

    @Test
    void aThreadQueuePassesItemsAsTheyAreNullIncluded() {
        ProcessQueue<List<String>> queue = context().queue();
        List<String> item = new ArrayList<>(List.of("shared"));

        queue.put(item);
        queue.put(null);

        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.get()).isSameAs(item);
        assertThat(queue.get()).isNull();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void aThreadPoolsTasksShareAThreadQueueWithTheirCaller() {
        ProcessQueue<Integer> results = context().queue();
        try (ProcessPool pool = context().pool(2)) {
            pool.map(x -> {
                results.put(x * 10);
                return x;
            }, List.of(1, 2, 3));
        }

        List<Integer> received = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            received.add(results.get(WAIT));
        }
        assertThat(received).containsExactlyInAnyOrder(10, 20, 30);
    }

    @Test
    void aThreadQueueClosedByOneThreadIsClosedForAll() {
        ProcessQueue<String> queue = context().queue();

        queue.close();

        assertThatThrownBy(() -> queue.put("late")).isInstanceOf(QueueClosedException.class)
                .hasMessageContaining("every thread");
    }

    @Test
    void aThreadQueueCannotBeSentToAChildJvmAndTheMessageSaysWhatToUse() {
        ProcessQueue<String> threadQueue = context().queue();
        ChildProcess jvmChild = MpContext.jvm().process(() -> threadQueue.put("from a JVM"));

        assertThatThrownBy(jvmChild::start).isInstanceOf(SerializationException.class)
                .hasMessageContaining("threads start method").hasMessageContaining("MpContext.jvm().queue()");
        jvmChild.close();
    }

    @Test
    void aThreadThatIgnoresTheInterruptOfTerminateKeepsRunningUntilItReturns() {
        ProcessQueue<String> started = context().queue();
        ProcessQueue<String> release = context().queue();
        ChildProcess child = children.start(context().process(() -> {
            started.put("running");
            while (true) {
                try {
                    release.get();
                    return;
                } catch (MpInterruptedException ignored) {
                    Thread.interrupted();
                }
            }
        }));
        assertThat(started.get(WAIT)).isEqualTo("running");

        child.terminate();

        assertThat(child.join(java.time.Duration.ofMillis(300))).isFalse();
        release.put("go");
        assertThat(child.join(WAIT)).isTrue();
        assertThat(child.exitCode()).as("exit code of a terminated process, whatever it returned")
                .isEqualTo(ExitCodes.TERMINATED);
    }
}
