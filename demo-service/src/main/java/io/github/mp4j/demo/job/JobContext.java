package io.github.mp4j.demo.job;

import io.github.mp4j.pool.Progress;
import java.util.function.Supplier;

/**
 * What a running job tells the world: which phase it is in, how far it is, and results as they come.
 *
 * <p>A job is cancelled by interrupting its thread: its blocking pool call then throws
 * {@link io.github.mp4j.MpInterruptedException}. A job must let that stop its pool call: an
 * {@code imap} in try-with-resources is closed on the way out, and an {@code AsyncResult} it
 * waits for must be cancelled ({@code cancel(true)}) before the exception goes on.
 */
public interface JobContext {

    /**
     * Starts a phase; the previous one, if any, counts as done.
     *
     * @param name what the job does now, such as {@code counting primes}
     * @param tasks how many pool tasks the phase runs
     * @param progress the pool's live progress of the phase's call ({@code AsyncResult::progress}
     *     or {@code ResultIterator::progress})
     */
    void phase(String name, long tasks, Supplier<Progress> progress);

    /**
     * Publishes one partial result; streamed to clients in the order published.
     *
     * @param chunk the result of one task or chunk, serializable to JSON
     */
    void emit(Object chunk);
}
