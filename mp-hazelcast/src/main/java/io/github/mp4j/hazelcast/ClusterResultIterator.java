package io.github.mp4j.hazelcast;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.pool.Progress;
import io.github.mp4j.pool.ResultIterator;
import io.github.mp4j.pool.ResultTimeoutException;
import io.github.mp4j.pool.TaskOutcome;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeoutException;

/**
 * The results of a {@link ClusterPool} {@code imap} or {@code imapUnordered}; taking one makes
 * room in the read-ahead window, so the pool sends more input.
 *
 * @param <R> the results' type
 */
final class ClusterResultIterator<R> implements ResultIterator<R> {

    private final ClusterCall call;
    private final Runnable afterTake;

    ClusterResultIterator(ClusterCall call, Runnable afterTake) {
        this.call = call;
        this.afterTake = afterTake;
    }

    @Override
    public boolean hasNext() {
        try {
            return call.awaitNextOrEnd();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MpInterruptedException("the next result of call '" + call.label + "'", e);
        }
    }

    @Override
    public R next() {
        return take(-1);
    }

    @Override
    public R next(Duration timeout) {
        return take(Math.max(0, timeout.toNanos()));
    }

    @SuppressWarnings("unchecked")
    private R take(long nanos) {
        TaskOutcome<Object> outcome;
        try {
            outcome = call.next(nanos);
        } catch (TimeoutException e) {
            throw new ResultTimeoutException("no result of call '" + call.label + "' within "
                    + Duration.ofNanos(nanos) + " (it goes on: ask again)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MpInterruptedException("the next result of call '" + call.label + "'", e);
        }
        if (outcome == null) {
            afterTake.run();
            throw new NoSuchElementException("every result of call '" + call.label + "' was taken");
        }
        afterTake.run();
        return (R) outcome.value();
    }

    @Override
    public Progress progress() {
        return call.progress();
    }

    @Override
    public void close() {
        call.cancel(false);
        afterTake.run();
    }
}
