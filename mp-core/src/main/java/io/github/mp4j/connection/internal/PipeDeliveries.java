package io.github.mp4j.connection.internal;

import io.github.mp4j.runtime.ExitSequence;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The messages this process's pipe ends keep for peers that had not connected when they were
 * sent. At exit (the {@link ExitSequence.Step#FLUSH} step) it waits until those whose peer has
 * connected meanwhile are written, as a process that sends and then exits expects. Ends whose
 * peer has not connected lose theirs: that peer would need this process to reach them.
 */
final class PipeDeliveries {

    /** The logger, made on first use: System.getLogger starts java.util.logging, which a worker JVM pays for only if it logs. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(PipeDeliveries.class.getName());
    }
    /** The longest an exiting process waits for messages on their way to a peer that has connected. */
    private static final Duration EXIT_DELIVERY_TIMEOUT = Duration.ofSeconds(30);
    private static final Map<Object, Pending> PENDING = new ConcurrentHashMap<>();

    static {
        ExitSequence.add(ExitSequence.Step.FLUSH, PipeDeliveries::finish);
    }

    private PipeDeliveries() {
    }

    /**
     * @param end the pipe end that keeps messages
     * @param connected completes once its peer has connected
     * @param delivered completes once what it kept has been written
     */
    static void keeping(Object end, CompletableFuture<?> connected, CompletableFuture<?> delivered) {
        PENDING.put(end, new Pending(connected, delivered));
    }

    /** @param end a pipe end that keeps nothing any more */
    static void delivered(Object end) {
        PENDING.remove(end);
    }

    private static void finish() {
        long deadline = System.nanoTime() + EXIT_DELIVERY_TIMEOUT.toNanos();
        for (Map.Entry<Object, Pending> entry : PENDING.entrySet()) {
            Pending pending = entry.getValue();
            if (!pending.connected.isDone()) {
                continue;
            }
            try {
                pending.delivered.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                Log.LOG.log(System.Logger.Level.WARNING, "the peer of {0} did not take its last messages within {1};"
                        + " they may be lost", entry.getKey(), EXIT_DELIVERY_TIMEOUT);
            } catch (ExecutionException | CancellationException e) {
                // the peer is gone: nobody is left to receive them
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private record Pending(CompletableFuture<?> connected, CompletableFuture<?> delivered) {
    }
}
