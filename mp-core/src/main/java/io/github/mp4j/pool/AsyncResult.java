package io.github.mp4j.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The result of a call that runs in the background (Python's {@code AsyncResult}). A thread
 * interrupted while it waits in {@link #get()}, {@link #get(Duration)} or {@link #await} gets an
 * {@link io.github.mp4j.MpInterruptedException} (with its interrupt status set again); the call
 * goes on, and its result can still be taken.
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

    /** @return a future completed with the result, or exceptionally with a {@link TaskFailedException} */
    CompletableFuture<R> toCompletableFuture();
}
