package io.github.mp4j.connection;

import io.github.mp4j.connection.internal.ChannelBacked;
import io.github.mp4j.connection.internal.FramedChannel;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/** Waiting on many connections and processes at once (Python's {@code connection.wait}). */
public final class Connections {

    private Connections() {
    }

    /**
     * Waits until at least one of the objects is ready: a {@link Connection} with something to
     * receive (or whose other end closed), or another {@link Waitable} such as a process that has
     * exited.
     *
     * @param <T> the objects' type
     * @param objects what to wait on
     * @param timeout how long to wait at most; {@code null} waits as long as it takes
     * @return the ready objects, in the order given; empty if the timeout passed
     */
    public static <T extends Waitable> List<T> waitFor(List<T> objects, Duration timeout) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        Map<FramedChannel, T> channels = new IdentityHashMap<>();
        List<CompletableFuture<?>> futures = new ArrayList<>();
        for (T object : objects) {
            if (object instanceof ChannelBacked backed) {
                channels.put(backed.channel(), object);
            } else {
                CompletionStage<?> stage = object.whenReady();
                if (stage != null) {
                    futures.add(stage.toCompletableFuture());
                }
            }
        }
        AtomicReference<Selector> selector = new AtomicReference<>();
        CompletableFuture<?> anyDone = futures.isEmpty() ? new CompletableFuture<>()
                : CompletableFuture.anyOf(futures.toArray(CompletableFuture[]::new));
        anyDone.whenComplete((r, e) -> {
            Selector s = selector.get();
            if (s != null) {
                s.wakeup();
            }
        });
        while (true) {
            List<T> ready = readyNow(objects, channels, List.of());
            if (!ready.isEmpty()) {
                return ready;
            }
            long remaining = deadline == Long.MAX_VALUE ? -1 : Math.max(0, deadline - System.nanoTime());
            List<FramedChannel> readable;
            if (channels.isEmpty()) {
                readable = List.of();
                try {
                    if (remaining < 0) {
                        anyDone.get();
                    } else {
                        anyDone.get(remaining, java.util.concurrent.TimeUnit.NANOSECONDS);
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    return List.of();
                } catch (java.util.concurrent.ExecutionException e) {
                    // completed exceptionally: the object is ready (e.g. its process failed)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return List.of();
                }
            } else {
                readable = FramedChannel.awaitAnyReadable(new ArrayList<>(channels.keySet()), remaining, s -> {
                    selector.set(s);
                    if (anyDone.isDone()) {
                        s.wakeup();
                    }
                });
                selector.set(null);
            }
            ready = readyNow(objects, channels, readable);
            if (!ready.isEmpty() || (remaining >= 0 && System.nanoTime() >= deadline)) {
                return ready;
            }
        }
    }

    private static <T extends Waitable> List<T> readyNow(List<T> objects, Map<FramedChannel, T> channels,
                                                         List<FramedChannel> readable) {
        List<T> ready = new ArrayList<>();
        for (T object : objects) {
            if (object instanceof ChannelBacked) {
                continue;
            }
            CompletionStage<?> stage = object.whenReady();
            if (stage != null && stage.toCompletableFuture().isDone()) {
                ready.add(object);
            }
        }
        for (FramedChannel channel : readable) {
            ready.add(channels.get(channel));
        }
        for (Map.Entry<FramedChannel, T> entry : channels.entrySet()) {
            if (!readable.contains(entry.getKey()) && entry.getKey().isClosed()) {
                ready.add(entry.getValue());
            }
        }
        ready.sort(java.util.Comparator.comparingInt(objects::indexOf));
        return ready;
    }
}
