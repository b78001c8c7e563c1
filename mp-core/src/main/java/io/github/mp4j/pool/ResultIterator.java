package io.github.mp4j.pool;

import java.time.Duration;
import java.util.Iterator;

/**
 * The results of {@code imap} or {@code imapUnordered}, produced while the input is still being
 * read. Only a bounded number of inputs are read ahead of the results consumed, so an endless
 * input runs in bounded memory. {@link #next()} throws {@link TaskFailedException} for a task
 * that failed, and the following tasks' results can still be taken. Closing it stops reading the
 * input and drops results not yet taken. A thread interrupted while {@link #next()} or
 * {@link #hasNext()} waits for a result gets an {@link io.github.mp4j.MpInterruptedException} (with
 * its interrupt status set again); the call goes on, and its results can still be taken.
 *
 * @param <R> the results' type
 */
public interface ResultIterator<R> extends Iterator<R>, AutoCloseable {

    /**
     * Like {@link #next()}, waiting at most {@code timeout} for the next result.
     *
     * @param timeout how long to wait; zero or negative takes only a result ready now
     * @return the next result
     * @throws ResultTimeoutException if no result is ready in time; the call goes on, and this
     *     may be called again
     * @throws java.util.NoSuchElementException if every result was taken
     * @throws TaskFailedException if the next task failed
     * @throws io.github.mp4j.MpInterruptedException if the thread is interrupted while it waits
     */
    R next(Duration timeout);

    /** @return tasks done so far, and the total once the input is exhausted */
    Progress progress();

    /**
     * Stops the call, as {@link AsyncResult#cancel()} stops other calls: no more input is read,
     * tasks not yet sent are dropped, chunks that workers run are abandoned (they finish them and
     * their results are discarded), and results not yet taken are dropped. Other calls are not
     * affected. {@link #hasNext()} then answers {@code false}.
     */
    @Override
    void close();
}
