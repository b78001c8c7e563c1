package io.github.mp4j.pool.internal;

import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.ResultIterator;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.queue.Queues;
import io.github.mp4j.runtime.StartMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The main class of the JVM that trains the AOT cache of worker JVMs on JDK 25 and newer (started
 * in the background by the process layer's {@code AotCache}, never by users): a pool of one worker
 * JVM runs what real workers run, so that the cache holds the classes, linkage and method profiles
 * of the handshake, Kryo, the worker loop and the results' way back, and of a queue's puts and gets
 * in a process that did not create it (the feeder, batched gets), which every child started with
 * {@code Mp.process} shares with the workers: a producer or consumer child runs its first items
 * with those profiles instead of gathering them. The process layer's launcher
 * starts that one worker with the real workers' flags plus {@code -XX:AOTMode=record}, and
 * publishes the cache once the worker has exited, which {@link ProcessPool#close()} waits for.
 */
public final class AotTraining {

    /** The process layer's {@code AotCache.TRAINING_PROPERTY}, set in a training JVM only (by name: this layer cannot import that one). */
    private static final String TRAINING_PROPERTY = "mp4j.aot.training";
    private static final int ITEMS = 2_000;
    private static final int CHUNK1_ITEMS = 300;
    /** Items each way through a queue: a few of a consumer's batches, thousands of puts. */
    private static final int QUEUE_ITEMS = 3_000;
    private static final Duration QUEUE_WAIT = Duration.ofSeconds(60);

    private AotTraining() {
    }

    /**
     * Runs the training workload and exits.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        PoolConfig config = PoolConfig.custom().name("mp4j-aot-training").processes(1)
                .startMethod(StartMethod.JVM).build();
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            items.add(i);
        }
        try (ProcessPool pool = ProcessPool.create(config)) {
            pool.map(AotTraining::cube, items);
            pool.map(AotTraining::cube, items.subList(0, CHUNK1_ITEMS), 1);
            drain(pool.imapUnordered(AotTraining::cube, items));
            drain(pool.imap(AotTraining::describe, items.subList(0, CHUNK1_ITEMS)));
            pool.apply(AotTraining::sum, new long[] {1, 2, 3});
            pool.applyAsync(() -> Arrays.asList("a", "b")).get();
            trainQueues(pool);
        }
    }

    /** @return whether this JVM is a training JVM, whose worker must be given time to write its recording as it exits */
    static boolean isTrainingJvm() {
        return System.getProperty(TRAINING_PROPERTY) != null;
    }

    /** The worker takes what this JVM put on one queue and puts as many items on another. */
    private static void trainQueues(ProcessPool pool) {
        ProcessQueue<Object> toWorker = Queues.queue();
        ProcessQueue<Object> fromWorker = Queues.queue();
        try (toWorker; fromWorker) {
            for (int i = 0; i < QUEUE_ITEMS; i++) {
                toWorker.put(message(i));
            }
            // the worker's last puts may still be on their way when its result is here: the gets wait for them
            pool.apply(() -> exchange(toWorker, fromWorker));
            for (int i = 0; i < QUEUE_ITEMS; i++) {
                fromWorker.get(QUEUE_WAIT);
            }
        }
    }

    private static int exchange(ProcessQueue<Object> in, ProcessQueue<Object> out) {
        for (int i = 0; i < QUEUE_ITEMS; i++) {
            in.get();
            out.put(message(i));
        }
        return QUEUE_ITEMS;
    }

    /** Small lists and numbers, the commonest queue items. */
    private static Object message(int i) {
        return i % 2 == 0 ? Arrays.asList(i, null, "item") : (Object) i;
    }

    private static void drain(ResultIterator<?> results) {
        try (results) {
            while (results.hasNext()) {
                results.next();
            }
        }
    }

    private static long cube(Integer x) {
        return (long) x * x * x;
    }

    private static String describe(Integer x) {
        return "item-" + x;
    }

    private static long sum(long[] values) {
        return Arrays.stream(values).sum();
    }
}
