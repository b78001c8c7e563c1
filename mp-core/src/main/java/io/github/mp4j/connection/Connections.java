package io.github.mp4j.connection;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.transport.ChannelBacked;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting on many connections and processes at once (Python's {@code connection.wait}). */
public final class Connections {

    private Connections() {
    }

    /**
     * Waits until at least one of the objects is ready: a {@link Connection} with something to
     * receive (or whose other end closed), or another {@link Waitable} such as a process that has
     * exited. Waiting on a connection reads its next message ahead, on a helper thread; the next
     * {@code recv} returns it.
     *
     * @param <T> the objects' type
     * @param objects what to wait on
     * @param timeout how long to wait at most; {@code null} waits as long as it takes
     * @return every ready object, in the order given; empty if the timeout passed
     * @throws MpInterruptedException if the thread was interrupted while waiting, or before a wait
     *     in which nothing was ready yet; the objects are not affected (a message read ahead is
     *     still there for the next {@code recv})
     */
    public static <T extends Waitable> List<T> waitFor(List<T> objects, Duration timeout) {
        List<CompletableFuture<?>> readiness = new ArrayList<>(objects.size());
        for (T object : objects) {
            readiness.add(readiness(object));
        }
        List<T> ready = readyOnes(objects, readiness);
        if (!ready.isEmpty() || objects.isEmpty() || (timeout != null && timeout.toNanos() <= 0)) {
            return ready;
        }
        CompletableFuture<Object> any = CompletableFuture.anyOf(readiness.toArray(CompletableFuture[]::new));
        try {
            if (timeout == null) {
                any.get();
            } else {
                any.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            return List.of();
        } catch (ExecutionException e) {
            // failed readiness (a broken connection, a failed process) counts as ready
        } catch (InterruptedException e) {
            throw new MpInterruptedException("one of " + objects.size() + " connections or processes to be ready", e);
        }
        return readyOnes(objects, readiness);
    }

    private static CompletableFuture<?> readiness(Waitable object) {
        if (object instanceof ChannelBacked backed) {
            return backed.channel().readable();
        }
        CompletionStage<?> stage = object.whenReady();
        if (stage == null) {
            throw new IllegalArgumentException(object + " cannot be waited for: it is neither a connection nor says when it is ready");
        }
        return stage.toCompletableFuture();
    }

    private static <T> List<T> readyOnes(List<T> objects, List<CompletableFuture<?>> readiness) {
        List<T> ready = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            if (readiness.get(i).isDone()) {
                ready.add(objects.get(i));
            }
        }
        return ready;
    }
}
