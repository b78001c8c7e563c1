package io.github.mp4j.pool;

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

    /** @return tasks done so far, and the total once the input is exhausted */
    Progress progress();

    /** Stops reading input and running further tasks of this call. */
    @Override
    void close();
}
