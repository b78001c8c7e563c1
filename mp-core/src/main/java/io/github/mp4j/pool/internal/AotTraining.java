package io.github.mp4j.pool.internal;

import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.ResultIterator;
import io.github.mp4j.runtime.StartMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The main class of the JVM that trains the AOT cache of worker JVMs on JDK 25 and newer (started
 * in the background by the process layer's {@code AotCache}, never by users): a pool of one worker
 * JVM runs what real workers run, so that the cache holds the classes, linkage and method profiles
 * of the handshake, Kryo, the worker loop and the results' way back. The process layer's launcher
 * starts that one worker with the real workers' flags plus {@code -XX:AOTMode=record}, and
 * publishes the cache once the worker has exited, which {@link ProcessPool#close()} waits for.
 */
public final class AotTraining {

    /** The process layer's {@code AotCache.TRAINING_PROPERTY}, set in a training JVM only (by name: this layer cannot import that one). */
    private static final String TRAINING_PROPERTY = "mp4j.aot.training";
    private static final int ITEMS = 2_000;
    private static final int CHUNK1_ITEMS = 300;

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
        }
    }

    /** @return whether this JVM is a training JVM, whose worker must be given time to write its recording as it exits */
    static boolean isTrainingJvm() {
        return System.getProperty(TRAINING_PROPERTY) != null;
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
