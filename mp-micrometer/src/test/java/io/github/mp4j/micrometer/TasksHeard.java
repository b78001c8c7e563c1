package io.github.mp4j.micrometer;

import io.github.mp4j.pool.PoolEvent;
import io.github.mp4j.pool.ProcessPool;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Waits until a pool's listeners have heard of a number of finished tasks. A call returns as soon
 * as its results are in, a moment before the pool tells its listeners (the per-call meters among
 * them) of its last chunk; listeners hear an event in the order they were added, so once this one,
 * added after the meters, has heard of them all, the meters have too.
 */
final class TasksHeard {

    private final AtomicInteger heard = new AtomicInteger();
    private final CompletableFuture<Void> all = new CompletableFuture<>();

    private TasksHeard(ProcessPool pool, int tasks) {
        pool.addListener(event -> {
            if (event instanceof PoolEvent.ChunkCompleted chunk && heard.addAndGet(chunk.tasks()) >= tasks) {
                all.complete(null);
            }
        });
    }

    /**
     * @param pool the pool, its meters already bound
     * @param tasks how many finished tasks to wait for
     * @return the waiter; start the work after this
     */
    static TasksHeard listen(ProcessPool pool, int tasks) {
        return new TasksHeard(pool, tasks);
    }

    /** Waits (at most 60 s) until the tasks were heard of. */
    void await() throws Exception {
        all.get(60, TimeUnit.SECONDS);
    }
}
