package io.github.mp4j.pool.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * The future a caller holds for a call ({@code AsyncResult.toCompletableFuture()}): completed
 * from the call's own future, and, unlike a plain copy, cancelling it stops the call.
 * Futures made from it ({@code thenApply}...) are plain: cancelling them cancels only them, as
 * with any {@link CompletableFuture}.
 *
 * @param <R> the result's type
 */
final class CallFuture<R> extends CompletableFuture<R> {

    /** Stops a call; {@code interrupt} also replaces the workers running its chunks. */
    interface Stopper {
        /** @return whether this stopped the call (it was neither finished nor stopped before) */
        boolean stop(boolean interrupt);
    }

    private final Stopper stopper;

    private CallFuture(Stopper stopper) {
        this.stopper = stopper;
    }

    /**
     * @param source the call's own future
     * @param result turns the call's result into the caller's
     * @param stopper stops the call
     * @return the caller's future
     */
    static <S, R> CallFuture<R> of(CompletableFuture<S> source, Function<? super S, ? extends R> result, Stopper stopper) {
        CallFuture<R> future = new CallFuture<>(stopper);
        source.whenComplete((value, error) -> {
            if (error != null) {
                future.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
                return;
            }
            try {
                future.complete(result.apply(value));
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    /**
     * Stops the call (see {@code AsyncResult.cancel}), then completes this future with a
     * {@link CancellationException}.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return false;
        }
        stopper.stop(mayInterruptIfRunning);
        super.cancel(mayInterruptIfRunning);
        return isCancelled();
    }
}
