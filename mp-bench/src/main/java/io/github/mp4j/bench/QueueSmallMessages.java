package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.Mp;
import io.github.mp4j.queue.ProcessQueue;
import java.util.Arrays;
import java.util.List;

/** {@code queue_small_msgs_per_s}: per-message cost of a queue. */
final class QueueSmallMessages {

    private static final String NOTE = """
            A child puts 200_000 messages Arrays.asList(42, null, "hello") on an Mp.queue(); the parent
            get()s all of them. Time runs from releasing the child to the last get.""";

    private QueueSmallMessages() {
    }

    static void run(Suite suite) throws Exception {
        suite.bench("queue_small_msgs_per_s", "msgs/s", Better.HIGHER, NOTE, QueueSmallMessages::once);
    }

    private static Measurement once() throws Exception {
        int n = Sizes.QUEUE_SMALL_N;
        ProcessQueue<Object> queue = Mp.queue();
        TimedRun<Object> run = TimedChildren.of(() -> putSmallMessages(queue, n))
                .parentWork(() -> drain(queue, n))
                .run();
        check(message().equals(run.parentResult()), "last message " + run.parentResult());
        queue.close();
        return Measurement.of(n / run.seconds());
    }

    /** Python's {@code [42, None, 'hello']}; {@code List.of} refuses the null. */
    private static List<Object> message() {
        return Arrays.asList(42, null, "hello");
    }

    private static Object putSmallMessages(ProcessQueue<Object> queue, int count) {
        for (int i = 0; i < count; i++) {
            queue.put(message());
        }
        return null;
    }

    private static Object drain(ProcessQueue<Object> queue, int count) {
        Object last = null;
        for (int i = 0; i < count; i++) {
            last = queue.get();
        }
        return last;
    }
}
