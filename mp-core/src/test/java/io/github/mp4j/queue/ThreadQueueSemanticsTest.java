package io.github.mp4j.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.runtime.StartMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The queue contract of {@code QueueSemanticsTest} on a queue of the threads start method: the
 * same bounds, timeouts, task counting and messages, with items kept as they are.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ThreadQueueSemanticsTest {

    private static final StartMethod THREADS = StartMethod.THREADS;

    @Test
    void aFullBoundedQueueRefusesPutNowaitAndPutWithATimeout() {
        ProcessQueue<String> queue = Queues.queue(THREADS, 2);
        queue.put("one");
        queue.put("two");

        assertThat(queue.isFull()).isTrue();
        assertThat(queue.maxSize()).isEqualTo(2);
        assertThatThrownBy(() -> queue.putNowait("three")).isInstanceOf(QueueFullException.class)
                .hasMessageContaining("full").hasMessageContaining("2");
        assertThatThrownBy(() -> queue.put("three", Duration.ofMillis(100))).isInstanceOf(QueueFullException.class)
                .hasMessageContaining("PT0.1S");

        assertThat(queue.get()).isEqualTo("one");
        queue.putNowait("three");
        assertThat(queue.get()).isEqualTo("two");
        assertThat(queue.get()).isEqualTo("three");
    }

    @Test
    void anEmptyQueueRefusesGetNowaitAndGetWithATimeout() {
        ProcessQueue<String> queue = Queues.queue(THREADS, 0);

        assertThatThrownBy(queue::getNowait).isInstanceOf(QueueEmptyException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> queue.get(Duration.ofMillis(100))).isInstanceOf(QueueEmptyException.class)
                .hasMessageContaining("PT0.1S");
    }

    @Test
    void aNegativeBoundIsRefusedWithTheValueInTheMessage() {
        assertThatThrownBy(() -> Queues.queue(THREADS, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void joinWaitsForOneTaskDonePerItemAndExtraTaskDoneIsRefused() {
        JoinableProcessQueue<String> queue = Queues.joinableQueue(THREADS, 0);
        queue.put("a");
        queue.get();
        assertThat(queue.join(Duration.ofMillis(50))).isFalse();

        queue.taskDone();

        assertThat(queue.join(Duration.ZERO)).isTrue();
        assertThatThrownBy(queue::taskDone).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("taskDone() called more times than items were put");
    }

    @Test
    void onlyAJoinableQueueCountsTasks() {
        ProcessQueue<String> queue = Queues.queue(THREADS, 0);

        assertThatThrownBy(() -> ((JoinableProcessQueue<String>) queue).taskDone())
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("joinable");
    }

    @Test
    void aSimpleQueueIsFirstInFirstOutAndCarriesNullAndTheItemsThemselves() {
        SimpleProcessQueue<List<String>> queue = Queues.simpleQueue(THREADS);
        List<String> first = new ArrayList<>(List.of("first"));

        queue.put(first);
        queue.put(null);
        first.add("changed after put");

        assertThat(queue.get()).isSameAs(first).containsExactly("first", "changed after put");
        assertThat(queue.get()).isNull();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void anInterruptedGetThrowsMpInterruptedExceptionAndKeepsTheInterruptStatus() throws InterruptedException {
        ProcessQueue<String> queue = Queues.queue(THREADS, 0);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            try {
                queue.get();
            } catch (MpInterruptedException e) {
                thrown.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        consumer.start();

        consumer.interrupt();
        consumer.join();

        assertThat(thrown.get()).isInstanceOf(MpInterruptedException.class).hasCauseInstanceOf(InterruptedException.class);
        assertThat(stillInterrupted.get()).isTrue();
        queue.put("the queue stays usable");
        assertThat(queue.get()).isEqualTo("the queue stays usable");
    }
}
