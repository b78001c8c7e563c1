package io.github.mp4j.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.serial.SerializationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of a queue as its owner uses it: bounds, timeouts, closed handles, task counting and
 * refused items. The same operations from another process are in {@code QueueAcrossProcessesTest}.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueueSemanticsTest {

    @Test
    void aFullBoundedQueueRefusesPutNowaitAndPutWithATimeout() {
        ProcessQueue<String> queue = Queues.queue(2);
        queue.put("one");
        queue.put("two");

        assertThat(queue.isFull()).isTrue();
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.maxSize()).isEqualTo(2);
        assertThatThrownBy(() -> queue.putNowait("three")).isInstanceOf(QueueFullException.class)
                .hasMessageContaining("full").hasMessageContaining("2");
        long start = System.nanoTime();
        assertThatThrownBy(() -> queue.put("three", Duration.ofMillis(200))).isInstanceOf(QueueFullException.class)
                .hasMessageContaining("PT0.2S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));

        assertThat(queue.get()).isEqualTo("one");
        queue.putNowait("three");
        assertThat(queue.get()).isEqualTo("two");
        assertThat(queue.get()).isEqualTo("three");
    }

    @Test
    void anEmptyQueueRefusesGetNowaitAndGetWithATimeout() {
        ProcessQueue<String> queue = Queues.queue();

        assertThat(queue.isEmpty()).isTrue();
        assertThatThrownBy(queue::getNowait).isInstanceOf(QueueEmptyException.class).hasMessageContaining("empty");
        long start = System.nanoTime();
        assertThatThrownBy(() -> queue.get(Duration.ofMillis(200))).isInstanceOf(QueueEmptyException.class)
                .hasMessageContaining("PT0.2S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aNegativeBoundIsRefusedWithTheValueInTheMessage() {
        assertThatThrownBy(() -> Queues.queue(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aClosedHandleRefusesWorkWhileAnotherHandleOfTheSameQueueKeepsWorking() {
        ProcessQueue<String> queue = Queues.queue();
        ProcessQueue<String> other = (ProcessQueue<String>) ObjectCodec.decode(ObjectCodec.encode(queue));
        queue.put("put before close");

        queue.close();
        queue.close();

        assertThatThrownBy(() -> queue.put("x")).isInstanceOf(QueueClosedException.class)
                .hasMessageContaining("closed").hasMessageContaining("other processes' handles still work");
        assertThatThrownBy(queue::get).isInstanceOf(QueueClosedException.class);
        assertThatThrownBy(queue::size).isInstanceOf(QueueClosedException.class);
        assertThat(other.get(Duration.ofSeconds(5))).isEqualTo("put before close");
        other.put("after close");
        assertThat(other.get(Duration.ofSeconds(5))).isEqualTo("after close");
    }

    @Test
    void anItemThatCannotBeSerializedIsRefusedAtPutAndTheQueueStaysUsable() {
        ProcessQueue<Object> queue = Queues.queue();

        assertThatThrownBy(() -> queue.put(new Thread(() -> { }))).isInstanceOf(SerializationException.class)
                .hasMessageContaining("java.lang.Thread");

        assertThat(queue.isEmpty()).isTrue();
        queue.put("fine");
        assertThat(queue.get()).isEqualTo("fine");
    }

    @Test
    void itemsAreCopiedWhenTheyArePut() {
        ProcessQueue<int[]> queue = Queues.queue();
        int[] numbers = {1, 2, 3};
        queue.put(numbers);
        numbers[0] = 99;

        assertThat(queue.get()).containsExactly(1, 2, 3);
    }

    @Test
    void joinWaitsForOneTaskDonePerItemAndExtraTaskDoneIsRefused() {
        JoinableProcessQueue<String> queue = Queues.joinableQueue(0);
        queue.put("a");
        queue.put("b");
        assertThat(queue.join(Duration.ofMillis(50))).isFalse();

        queue.get();
        queue.taskDone();
        assertThat(queue.join(Duration.ofMillis(50))).isFalse();
        queue.get();
        queue.taskDone();

        assertThat(queue.join(Duration.ZERO)).isTrue();
        queue.join();
        assertThatThrownBy(queue::taskDone).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("taskDone() called more times than items were put");
        queue.put("c");
        assertThat(queue.join(Duration.ZERO)).as("the refused taskDone did not count").isFalse();
    }

    @Test
    void aSimpleQueueIsFirstInFirstOutAndCarriesNull() {
        SimpleProcessQueue<String> queue = Queues.simpleQueue();
        assertThat(queue.isEmpty()).isTrue();

        queue.put("first");
        queue.put(null);
        queue.put("last");

        assertThat(queue.isEmpty()).isFalse();
        assertThat(queue.get()).isEqualTo("first");
        assertThat(queue.get()).isNull();
        assertThat(queue.get()).isEqualTo("last");
        assertThat(queue.isEmpty()).isTrue();
        queue.close();
    }
}
