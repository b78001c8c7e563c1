package io.github.mp4j.hazelcast;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.pool.AsyncResult;
import io.github.mp4j.pool.Progress;
import io.github.mp4j.pool.ResultTimeoutException;
import io.github.mp4j.pool.TaskFailedException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pending result of a {@link ClusterPool} call.
 *
 * @param <R> the result's type
 */
final class ClusterResult<R> implements AsyncResult<R> {

    private final ClusterCall call;

    ClusterResult(ClusterCall call) {
        this.call = call;
    }

    @Override
    public R get() {
        return get(null);
    }

    @Override
    public R get(Duration timeout) {
        try {
            Object value = timeout == null ? call.future().get() : call.future().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return cast(value);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MpInterruptedException("the result of call '" + call.label + "'", e);
        } catch (TimeoutException e) {
            throw new ResultTimeoutException("call '" + call.label + "' did not finish within " + timeout
                    + " (it goes on: wait again, or cancel it)", e);
        } catch (CancellationException e) {
            throw cancelled();
        } catch (ExecutionException e) {
            throw unwrap(e.getCause(), call.label);
        }
    }

    private CancellationException cancelled() {
        return new CancellationException("call '" + call.label + "' was cancelled");
    }

    @SuppressWarnings("unchecked")
    private static <R> R cast(Object value) {
        return (R) value;
    }

    /**
     * @param cause why a call failed
     * @param label the call's label
     * @return the exception to throw for it
     */
    static RuntimeException unwrap(Throwable cause, String label) {
        if (cause instanceof CancellationException cancelled) {
            return cancelled;
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new TaskFailedException("call '" + label + "' failed: " + cause, cause);
    }

    @Override
    public boolean await(Duration timeout) {
        try {
            call.future().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MpInterruptedException("the result of call '" + call.label + "'", e);
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException | CancellationException e) {
            return true;
        }
    }

    @Override
    public boolean ready() {
        return call.future().isDone();
    }

    @Override
    public boolean successful() {
        if (!ready()) {
            throw new IllegalStateException("call '" + call.label + "' has not finished: wait for it first");
        }
        return !call.future().isCompletedExceptionally();
    }

    @Override
    public Progress progress() {
        return call.progress();
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return call.cancel(mayInterruptIfRunning);
    }

    @Override
    public boolean isCancelled() {
        return call.future().isCancelled();
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<R> toCompletableFuture() {
        return (CompletableFuture<R>) (CompletableFuture<?>) call.future();
    }
}
