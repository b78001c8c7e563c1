package io.github.mp4j.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The result of a call that runs in the background (Python's {@code AsyncResult}). A thread
 * interrupted while it waits in {@link #get()}, {@link #get(Duration)} or {@link #await} gets an
 * {@link io.github.mp4j.MpInterruptedException} (with its interrupt status set again); the call
 * goes on, and its result can still be taken. To stop the call, {@link #cancel(boolean) cancel} it.
 *
 * @param <R> the result's type
 */
public interface AsyncResult<R> {

    /**
     * Waits for the result.
     *
     * @return the result
     * @throws TaskFailedException if the task failed; its cause is what the task threw
     * @throws io.github.mp4j.MpInterruptedException if the thread is interrupted while it waits
     */
    R get();

    /**
     * Waits at most {@code timeout} for the result.
     *
     * @param timeout how long to wait
     * @return the result
     * @throws ResultTimeoutException if it is not ready in time
     * @throws TaskFailedException if the task failed
     * @throws io.github.mp4j.MpInterruptedException if the thread is interrupted while it waits
     */
    R get(Duration timeout);

    /**
     * Waits at most {@code timeout} for the call to finish (Python's {@code wait}).
     *
     * @param timeout how long to wait
     * @return whether it finished
     * @throws io.github.mp4j.MpInterruptedException if the thread is interrupted while it waits
     */
    boolean await(Duration timeout);

    /** @return whether the call has finished */
    boolean ready();

    /**
     * @return whether it finished without failure
     * @throws IllegalStateException if it has not finished
     */
    boolean successful();

    /** @return how many of the call's tasks are done */
    Progress progress();

    /**
     * Stops the call: its tasks not yet sent to a worker are dropped, and the chunks workers are
     * running are abandoned. Without {@code mayInterruptIfRunning} the workers finish those chunks
     * and their results are discarded; with it, each worker running one is stopped at once (a
     * worker JVM is killed, a thread worker interrupted and abandoned) and replaced by a fresh one,
     * so its tasks must tolerate being cut short. The result then fails with a
     * {@link java.util.concurrent.CancellationException}; {@link #get()} throws it. Other calls
     * are not affected, and a worker replaced this way does not count as crashed.
     *
     * @param mayInterruptIfRunning whether to stop the workers running its tasks now
     * @return whether this cancelled the call; {@code false} if it had finished already
     */
    boolean cancel(boolean mayInterruptIfRunning);

    /**
     * {@link #cancel(boolean) cancel(false)}: the workers finish the chunks they are running.
     *
     * @return whether this cancelled the call
     */
    default boolean cancel() {
        return cancel(false);
    }

    /** @return whether the call was cancelled before it finished */
    boolean isCancelled();

    /**
     * @return a future completed with the result, or exceptionally with a {@link TaskFailedException}
     *     (a {@link java.util.concurrent.CancellationException} once cancelled). It is this call's
     *     own: cancelling it cancels the call, as {@link #cancel(boolean)} does. Futures derived
     *     from it ({@code thenApply}...) are plain ones: cancelling those cancels only them.
     */
    CompletableFuture<R> toCompletableFuture();
}
