package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.Mp;
import io.github.mp4j.queue.ProcessQueue;

/** {@code queue_1mib_mb_per_s}: queue throughput with large items. */
final class QueueLargePayloads {

    private static final String NOTE = """
            A child puts 300 payloads of new byte[1 MiB] on an Mp.queue(); the parent get()s them all.
            MB/s with MB = MiB.""";

    private QueueLargePayloads() {
    }

    static void run(Suite suite) throws Exception {
        suite.bench("queue_1mib_mb_per_s", "MB/s", Better.HIGHER, NOTE, QueueLargePayloads::once);
    }

    private static Measurement once() throws Exception {
        int n = Sizes.QUEUE_BIG_N;
        ProcessQueue<byte[]> queue = Mp.queue();
        TimedRun<Long> run = TimedChildren.of(() -> putPayloads(queue, Sizes.BLOCK_SIZE, n))
                .parentWork(() -> drain(queue, n))
                .run();
        long received = run.parentResult();
        check(received == (long) n * Sizes.BLOCK_SIZE, "received " + received + " bytes");
        queue.close();
        return Measurement.of(received / (double) Sizes.MB / run.seconds());
    }

    private static Object putPayloads(ProcessQueue<byte[]> queue, int size, int count) {
        byte[] payload = new byte[size];
        for (int i = 0; i < count; i++) {
            queue.put(payload);
        }
        return null;
    }

    private static long drain(ProcessQueue<byte[]> queue, int count) {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += queue.get().length;
        }
        return total;
    }
}
