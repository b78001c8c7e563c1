package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.Mp;
import io.github.mp4j.queue.ProcessQueue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@code queue_fanout_msgs_per_s}: one queue between four producer and four consumer processes. */
final class QueueFanout {

    private static final String NOTE = """
            4 producer children each put 50_000 messages Arrays.asList(42, null, "hello") and then a
            "done" marker on one Mp.queue(); 4 consumer children get() from it, forwarding each marker
            to the parent, until they get a "stop". The parent puts 4 "stop"s once it has all 4
            markers. msgs/s over the 200_000 messages, from releasing the children to the last
            consumer's reply; all_put_s: until the parent had the 4 markers (about when the producers
            were done), all_taken_s: until the last reply. Same protocol as python_extra_bench.py.""";

    private static final int PRODUCERS = 4;
    private static final int CONSUMERS = 4;
    private static final String DONE = "done";
    private static final String STOP = "stop";

    private QueueFanout() {
    }

    static void run(Suite suite) throws Exception {
        suite.bench("queue_fanout_msgs_per_s", "msgs/s", Better.HIGHER, NOTE, QueueFanout::once);
    }

    private static Measurement once() throws Exception {
        int perProducer = Sizes.FANOUT_PER_PRODUCER;
        ProcessQueue<Object> queue = Mp.queue();
        ProcessQueue<Object> markers = Mp.queue();
        List<ChildTask> tasks = new ArrayList<>();
        for (int i = 0; i < PRODUCERS; i++) {
            tasks.add(() -> produce(queue, perProducer));
        }
        for (int i = 0; i < CONSUMERS; i++) {
            tasks.add(() -> consume(queue, markers));
        }
        TimedRun<Double> run = TimedChildren.of(tasks.toArray(ChildTask[]::new))
                .parentWork(() -> stopConsumers(queue, markers))
                .run();
        long taken = run.childResults().stream().filter(Long.class::isInstance).mapToLong(Long.class::cast).sum();
        check(taken == (long) PRODUCERS * perProducer, "consumers took " + taken + " messages");
        queue.close();
        markers.close();
        return Measurement.of(taken / run.seconds(), Map.of("all_put_s", run.parentResult(), "all_taken_s", run.seconds()));
    }

    /** Python's {@code [42, None, 'hello']}; {@code List.of} refuses the null. */
    private static List<Object> message() {
        return Arrays.asList(42, null, "hello");
    }

    private static Object produce(ProcessQueue<Object> queue, int count) {
        for (int i = 0; i < count; i++) {
            queue.put(message());
        }
        queue.put(DONE);
        return null;
    }

    private static Long consume(ProcessQueue<Object> queue, ProcessQueue<Object> markers) {
        long taken = 0;
        for (Object item = queue.get(); !STOP.equals(item); item = queue.get()) {
            if (DONE.equals(item)) {
                markers.put(item);
            } else {
                taken++;
            }
        }
        return taken;
    }

    /** Every message is ahead of its producer's marker, so behind the last marker there are only stops. */
    private static Double stopConsumers(ProcessQueue<Object> queue, ProcessQueue<Object> markers) {
        long t0 = System.nanoTime();
        for (int i = 0; i < PRODUCERS; i++) {
            check(DONE.equals(markers.get()), "a marker that is not done");
        }
        for (int i = 0; i < CONSUMERS; i++) {
            queue.put(STOP);
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
