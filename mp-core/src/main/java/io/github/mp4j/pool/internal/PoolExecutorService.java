package io.github.mp4j.pool.internal;

import io.github.mp4j.function.SerializableCallable;
import io.github.mp4j.pool.AsyncResult;
import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.TaskFailedException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A pool seen as an {@link java.util.concurrent.ExecutorService} ({@code ProcessPool.asExecutorService}):
 * each task is an {@code applyAsync} call with this view's options. Its lifecycle is its own, as
 * the JDK contract describes it; the pool's is not touched: {@link #shutdown()} makes this view
 * refuse new tasks, and it is terminated once the tasks it took have finished;
 * {@link #shutdownNow()} also cancels them with interruption. A task failing with an exception
 * fails its future with that exception as the cause of the {@link ExecutionException}, as a JDK
 * executor does; a failure of the pool's own (a worker that died, a timeout) is the cause itself.
 */
final class PoolExecutorService extends AbstractExecutorService {

    private final ProcessPool pool;
    private final CallOptions options;
    private final Set<PoolTask<?>> unfinished = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition terminated = lock.newCondition();
    private volatile boolean shutdown;

    PoolExecutorService(ProcessPool pool, CallOptions options) {
        this.pool = pool;
        this.options = options;
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        SerializableCallable<T> callable = task instanceof SerializableCallable<T> serializable ? serializable : task::call;
        return new PoolTask<>(callable, task);
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable task, T value) {
        Objects.requireNonNull(task, "task");
        return new PoolTask<>(() -> {
            task.run();
            return value;
        }, task);
    }

    /**
     * Runs a task in the pool.
     *
     * @throws RejectedExecutionException if this view was shut down, the pool refuses calls, or
     *     the task cannot be serialized for a worker JVM
     */
    @Override
    public void execute(Runnable command) {
        PoolTask<?> task = command instanceof PoolTask<?> own && own.owner() == this ? own
                : (PoolTask<?>) newTaskFor(command, null);
        lock.lock();
        try {
            if (shutdown) {
                throw new RejectedExecutionException("this ExecutorService of pool " + pool.config().name()
                        + " was shut down and takes no more tasks");
            }
            unfinished.add(task);
        } finally {
            lock.unlock();
        }
        try {
            task.start();
        } catch (RuntimeException e) {
            finished(task);
            throw e instanceof RejectedExecutionException rejected ? rejected : rejected(task, e);
        }
    }

    private RejectedExecutionException rejected(PoolTask<?> task, RuntimeException e) {
        String why = e instanceof io.github.mp4j.serial.SerializationException
                ? "tasks of a pool's ExecutorService run in worker JVMs, so each must be serializable (a Serializable"
                + " class, or a SerializableCallable), with everything it captures; " + task.original.getClass().getName()
                + " cannot be sent: " + e.getMessage()
                : "pool " + pool.config().name() + " refused the task: " + e.getMessage();
        return new RejectedExecutionException(why, e);
    }

    private void finished(PoolTask<?> task) {
        unfinished.remove(task);
        if (shutdown && unfinished.isEmpty()) {
            lock.lock();
            try {
                terminated.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void shutdown() {
        lock.lock();
        try {
            shutdown = true;
            if (unfinished.isEmpty()) {
                terminated.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Shuts down and cancels every unfinished task with interruption (see
     * {@link AsyncResult#cancel(boolean)}).
     *
     * @return an empty list: a task handed to the pool may have started in a worker already, so
     *     none is returned to be run again
     */
    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        for (PoolTask<?> task : new ArrayList<>(unfinished)) {
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
        long left = unit.toNanos(timeout);
        lock.lock();
        try {
            while (!isTerminated()) {
                if (left <= 0) {
                    return false;
                }
                left = terminated.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, Long.MAX_VALUE, false);
        } catch (TimeoutException e) {
            throw new IllegalStateException("an untimed invokeAny cannot time out", e);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return invokeAny(tasks, unit.toNanos(timeout), true);
    }

    /** Submits every task, returns the first result of one that succeeded, and cancels the others. */
    private <T> T invokeAny(Collection<? extends Callable<T>> tasks, long nanos, boolean timed)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("invokeAny needs at least one task");
        }
        long deadline = timed ? System.nanoTime() + nanos : Long.MAX_VALUE;
        BlockingQueue<Future<T>> done = new LinkedBlockingQueue<>();
        List<PoolTask<T>> submitted = new ArrayList<>(tasks.size());
        try {
            for (Callable<T> task : tasks) {
                PoolTask<T> future = (PoolTask<T>) newTaskFor(Objects.requireNonNull(task, "task"));
                future.whenComplete((value, error) -> done.add(future));
                submitted.add(future);
                execute(future);
            }
            ExecutionException last = null;
            for (int i = 0; i < submitted.size(); i++) {
                Future<T> next = timed ? done.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS) : done.take();
                if (next == null) {
                    throw new TimeoutException("no task of invokeAny succeeded within " + nanos + " ns");
                }
                try {
                    return next.get();
                } catch (ExecutionException e) {
                    last = e;
                } catch (CancellationException e) {
                    last = new ExecutionException(e);
                }
            }
            throw last;
        } finally {
            for (PoolTask<T> future : submitted) {
                future.cancel(true);
            }
        }
    }

    /**
     * One task: a future completed from its call, with what the task threw as the cause of its
     * failure, as a JDK executor reports it (a failure of the pool's own stays as it is). It is a
     * {@link CompletableFuture} too, so that it composes; cancelling it cancels the call.
     */
    private final class PoolTask<T> extends CompletableFuture<T> implements RunnableFuture<T> {

        private final SerializableCallable<T> callable;
        private final Object original;
        private volatile AsyncResult<T> call;

        PoolTask(SerializableCallable<T> callable, Object original) {
            this.callable = callable;
            this.original = original;
        }

        PoolExecutorService owner() {
            return PoolExecutorService.this;
        }

        void start() {
            whenComplete((value, error) -> finished(this));
            if (isDone()) {
                return;
            }
            AsyncResult<T> result = pool.applyAsync(callable, options);
            call = result;
            result.toCompletableFuture().whenComplete((value, error) -> {
                if (error == null) {
                    complete(value);
                } else {
                    completeExceptionally(thrownByTask(error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error));
                }
            });
            if (isCancelled()) {
                result.cancel(true);
            }
        }

        /** Run by {@link #execute}: the task runs in the pool, not here. */
        @Override
        public void run() {
            execute(this);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            AsyncResult<T> result = call;
            if (result != null) {
                result.cancel(mayInterruptIfRunning);
            }
            super.cancel(mayInterruptIfRunning);
            return isCancelled();
        }

        /** @return what the task threw, for a {@link TaskFailedException} that only carries it; else the failure */
        private Throwable thrownByTask(Throwable failure) {
            boolean carried = failure.getClass() == TaskFailedException.class && failure.getCause() != null;
            return carried ? failure.getCause() : failure;
        }
    }
}
