package io.github.mp4j.hazelcast;

import io.github.mp4j.function.SerializableCallable;
import io.github.mp4j.pool.AsyncResult;
import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.PoolClosedException;
import io.github.mp4j.pool.TaskFailedException;
import io.github.mp4j.pool.TaskTimeoutException;
import io.github.mp4j.pool.WorkerDiedException;
import io.github.mp4j.serial.SerializationException;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ClusterPool} seen as an {@link java.util.concurrent.ExecutorService}: each task is an
 * {@code applyAsync} call with this view's options. Its lifecycle is its own; the pool's is not
 * touched ({@link #shutdown()} refuses new tasks, {@link #shutdownNow()} also cancels the running
 * ones with interruption). A task's exception is the cause of the {@link ExecutionException}; a
 * failure of the cluster's own (a member lost, a timeout) is the cause itself.
 */
final class ClusterExecutorService extends AbstractExecutorService {

    private final ClusterPool pool;
    private final CallOptions options;
    private final Set<ClusterTask<?>> unfinished = ConcurrentHashMap.newKeySet();
    private volatile boolean shutdown;

    ClusterExecutorService(ClusterPool pool, CallOptions options) {
        this.pool = pool;
        this.options = options;
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        if (!(task instanceof Serializable)) {
            throw new RejectedExecutionException("task " + task.getClass().getName() + " is not serializable:"
                    + " pass a SerializableCallable, or a serializable lambda or class");
        }
        SerializableCallable<T> callable = task instanceof SerializableCallable<T> serializable ? serializable : task::call;
        return new ClusterTask<>(callable);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable task, T value) {
        Objects.requireNonNull(task, "task");
        if (!(task instanceof Serializable)) {
            throw new RejectedExecutionException("task " + task.getClass().getName() + " is not serializable:"
                    + " pass a serializable lambda or class");
        }
        return new ClusterTask<>(() -> {
            task.run();
            return value;
        });
    }

    @Override
    public void execute(Runnable command) {
        if (shutdown) {
            throw new RejectedExecutionException("this executor view of the cluster pool was shut down");
        }
        ClusterTask<?> task = command instanceof ClusterTask<?> own ? own : (ClusterTask<?>) newTaskFor(command, null);
        unfinished.add(task);
        try {
            task.run();
        } catch (SerializationException | PoolClosedException e) {
            unfinished.remove(task);
            throw new RejectedExecutionException(e.getMessage(), e);
        }
    }

    /** One task: submitted when run, then a view of its call's result. */
    private final class ClusterTask<T> implements RunnableFuture<T> {

        private final SerializableCallable<T> callable;
        private volatile AsyncResult<T> result;

        ClusterTask(SerializableCallable<T> callable) {
            this.callable = callable;
        }

        @Override
        public void run() {
            result = pool.applyAsync(callable, options);
            result.toCompletableFuture().whenComplete((value, failure) -> unfinished.remove(this));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return result != null && result.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return result != null && result.isCancelled();
        }

        @Override
        public boolean isDone() {
            return result != null && result.ready();
        }

        @Override
        public T get() throws InterruptedException, ExecutionException {
            try {
                return result.toCompletableFuture().get();
            } catch (ExecutionException e) {
                throw unwrap(e);
            }
        }

        @Override
        public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            try {
                return result.toCompletableFuture().get(timeout, unit);
            } catch (ExecutionException e) {
                throw unwrap(e);
            }
        }

        private ExecutionException unwrap(ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CancellationException cancelled) {
                throw cancelled;
            }
            boolean ownFailure = cause instanceof WorkerDiedException || cause instanceof TaskTimeoutException;
            if (cause instanceof TaskFailedException failed && !ownFailure && failed.getCause() != null) {
                return new ExecutionException(failed.getCause());
            }
            return e;
        }
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        for (ClusterTask<?> task : unfinished) {
            task.cancel(true);
        }
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && unfinished.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!isTerminated()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(Math.min(10, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1));
        }
        return true;
    }
}
