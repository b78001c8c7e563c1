package io.github.mp4j.pool.internal;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.pool.AsyncResult;
import io.github.mp4j.pool.PoolClosedException;
import io.github.mp4j.pool.Progress;
import io.github.mp4j.pool.ResultTimeoutException;
import io.github.mp4j.pool.TaskFailedException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** An {@link AsyncResult} over a future that the pool completes. */
final class AsyncResultImpl<R> implements AsyncResult<R> {

    private final CallFuture<R> future;
    private final Supplier<Progress> progress;

    AsyncResultImpl(CallFuture<R> future, Supplier<Progress> progress) {
        this.future = future;
        this.progress = progress;
    }

    @Override
    public R get() {
        try {
            return future.get();
        } catch (CancellationException e) {
            throw cancelled(e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (InterruptedException e) {
            throw new MpInterruptedException("a pool result", e);
        }
    }

    @Override
    public R get(Duration timeout) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (CancellationException e) {
            throw cancelled(e);
        } catch (TimeoutException e) {
            throw new ResultTimeoutException("the result was not ready within " + timeout + " (" + progress.get().done()
                    + " of " + progress.get().total() + " tasks done); the call goes on", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (InterruptedException e) {
            throw new MpInterruptedException("a pool result", e);
        }
    }

    /**
     * The pool's own exception, which says which call was cancelled. On newer JDKs (25, for one)
     * {@code CompletableFuture.get} throws a new one of its own, named after the method, with the
     * pool's as its cause; older JDKs throw the pool's itself.
     */
    private static CancellationException cancelled(CancellationException e) {
        return e.getCause() instanceof CancellationException cause ? cause : e;
    }

    @Override
    public boolean await(Duration timeout) {
        try {
            future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            throw new MpInterruptedException("a pool result", e);
        }
    }

    @Override
    public boolean ready() {
        return future.isDone();
    }

    @Override
    public boolean successful() {
        if (!future.isDone()) {
            throw new IllegalStateException("the call has not finished yet");
        }
        return !future.isCompletedExceptionally();
    }

    @Override
    public Progress progress() {
        return progress.get();
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return future.cancel(mayInterruptIfRunning);
    }

    @Override
    public boolean isCancelled() {
        return future.isCancelled();
    }

    @Override
    public CompletableFuture<R> toCompletableFuture() {
        return future;
    }

    private static RuntimeException unwrap(Throwable cause) {
        if (cause instanceof TaskFailedException || cause instanceof PoolClosedException) {
            return (RuntimeException) cause;
        }
        return new TaskFailedException("the call failed: " + cause, cause);
    }
}
