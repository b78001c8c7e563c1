package io.github.mp4j.pool.internal;

import io.github.mp4j.function.SerializableBiFunction;
import io.github.mp4j.function.SerializableCallable;
import io.github.mp4j.function.SerializableFunction;
import io.github.mp4j.pool.AsyncResult;
import io.github.mp4j.pool.PoolClosedException;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.PoolListener;
import io.github.mp4j.pool.PoolMetrics;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.ResultIterator;
import io.github.mp4j.pool.TaskFailedException;
import io.github.mp4j.pool.TaskTimeoutException;
import io.github.mp4j.pool.WorkerDiedException;
import io.github.mp4j.pool.WorkerInfo;
import io.github.mp4j.process.ExitCodes;
import io.github.mp4j.runtime.ExitSequence;
import io.github.mp4j.runtime.StartMethod;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.serial.SerializationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The pool: turns calls into {@link Call}s for the {@link Scheduler}, starts and replaces
 * workers, and reports what happens to its listeners.
 *
 * <p>A pool that is shutting down (closed, terminated, or its JVM exiting) replaces no worker: a
 * worker that exits then was most likely stopped by the shutdown, and a replacement would only
 * die the same way. Its work goes to the workers left; when none is left, it fails with
 * {@link PoolClosedException}. At JVM exit, pools still running are terminated in
 * {@link ExitSequence.Step#POOLS}, after owners (a Spring context closing its pool within its
 * grace period) and before children are ended and connections closed, so that no worker is
 * seen to die while its pool still runs.
 */
public final class PoolImpl implements ProcessPool {

    /** A pool gives up replacing workers that die before they become ready this many times in a row. */
    private static final int MAX_STARTUP_FAILURES = 3;
    private static final int FUNCTION_CACHE = 1024;
    /** The pools of this JVM that were not yet joined after closing: terminated at exit. */
    private static final Set<PoolImpl> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        ExitSequence.add(ExitSequence.Step.POOLS, PoolImpl::terminateAtExit);
    }

    private final PoolConfig config;
    private final Scheduler scheduler;
    private final Counters counters;
    private final Inputs.Encoder encoder;
    private final byte[] initializer;
    private final List<PoolListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong callIds = new AtomicLong();
    private final AtomicLong functionIds = new AtomicLong();
    private final AtomicInteger workerNumbers = new AtomicInteger();
    private final Map<Object, FunctionRef> functions = new IdentityHashMap<>();
    private final Set<Worker> live = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final Condition allExited = lifecycle.newCondition();
    private int startupFailures;
    private volatile String brokenBecause;
    private volatile Throwable brokenCause;
    /** Set by {@link #terminate()}: workers exit because they are killed, not because they crashed. */
    private volatile String terminatedBecause;

    /**
     * Starts the pool's workers.
     *
     * @param config the configuration
     * @throws SerializationException if the initializer cannot be sent to worker JVMs
     */
    public PoolImpl(PoolConfig config) {
        this.config = config;
        this.scheduler = new Scheduler(config.processes(), config.maxTasksPerChild());
        this.counters = new Counters(scheduler);
        boolean jvm = config.startMethod() == StartMethod.JVM;
        this.encoder = jvm ? Inputs.SERIALIZED : Inputs.RAW;
        this.initializer = jvm && config.initializer() != null ? encodeOrExplain(config.initializer(), "initializer")
                : new byte[0];
        RUNNING.add(this);
        for (int i = 0; i < config.processes(); i++) {
            startWorker();
        }
        if (!config.taskTimeout().isZero()) {
            Thread watchdog = new Thread(guarded(this::watchTimeouts), config.name() + "-timeout-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }
    }

    Scheduler scheduler() {
        return scheduler;
    }

    Counters counters() {
        return counters;
    }

    // ------------------------------------------------------------------ calls

    @Override
    public <R> R apply(SerializableCallable<R> task) {
        return applyAsync(task).get();
    }

    @Override
    public <T, R> R apply(SerializableFunction<T, R> function, T argument) {
        return applyAsync(function, argument).get();
    }

    @Override
    public <R> AsyncResult<R> applyAsync(SerializableCallable<R> task) {
        return applyAsync(task, null, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T, R> AsyncResult<R> applyAsync(SerializableFunction<T, R> function, T argument) {
        FunctionRef ref = function(function, () -> (SerializableFunction<Object, Object>) function, "apply");
        return single(submitList("apply", ref, java.util.Collections.singletonList(argument), 1));
    }

    @Override
    public <R> AsyncResult<R> applyAsync(SerializableCallable<R> task, Consumer<? super R> onSuccess,
                                         Consumer<? super TaskFailedException> onError) {
        FunctionRef ref = function(Functions.CALL, () -> Functions.CALL, "apply");
        ListCall call = submitList("apply", ref, List.of(task), 1);
        AsyncResult<R> result = single(call);
        callbacks(result.toCompletableFuture(), onSuccess, onError);
        return result;
    }

    @Override
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items) {
        return this.<T, R>mapAsync(function, items, config.chunkSize(), null, null).get();
    }

    @Override
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items, int chunkSize) {
        return this.<T, R>mapAsync(function, items, chunkSize, null, null).get();
    }

    @Override
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items) {
        return mapAsync(function, items, config.chunkSize(), null, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                                                int chunkSize, Consumer<? super List<R>> onSuccess,
                                                Consumer<? super TaskFailedException> onError) {
        FunctionRef ref = function(function, () -> (SerializableFunction<Object, Object>) function, "map");
        ListCall call = submitList("map", ref, toList(items), requireChunkSize(chunkSize));
        CompletableFuture<List<R>> future = call.future().thenApply(list -> (List<R>) list);
        callbacks(future, onSuccess, onError);
        return new AsyncResultImpl<>(future, call::progress);
    }

    @Override
    public <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> arguments, int chunkSize) {
        return this.<A, B, R>starmapAsync(function, arguments, chunkSize).get();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                                       Iterable<? extends Map.Entry<? extends A, ? extends B>> arguments,
                                                       int chunkSize) {
        FunctionRef ref = function(function,
                () -> new Functions.Star((SerializableBiFunction<Object, Object, Object>) function), "starmap");
        List<Object> pairs = new ArrayList<>();
        for (Map.Entry<? extends A, ? extends B> entry : arguments) {
            pairs.add(new Object[] {entry.getKey(), entry.getValue()});
        }
        ListCall call = submitList("starmap", ref, pairs, requireChunkSize(chunkSize));
        return new AsyncResultImpl<>(call.future().thenApply(list -> (List<R>) list), call::progress);
    }

    @Override
    public <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> function, Iterator<? extends T> items,
                                         int chunkSize) {
        return stream(function, items, chunkSize, true);
    }

    @Override
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> function,
                                                  Iterator<? extends T> items, int chunkSize) {
        return stream(function, items, chunkSize, false);
    }

    @SuppressWarnings("unchecked")
    private <T, R> ResultIterator<R> stream(SerializableFunction<? super T, ? extends R> function, Iterator<? extends T> items,
                                            int chunkSize, boolean ordered) {
        requireOpen();
        FunctionRef ref = function(function, () -> (SerializableFunction<Object, Object>) function,
                ordered ? "imap" : "imapUnordered");
        StreamCall call = new StreamCall(callIds.incrementAndGet(), ref, requireChunkSize(chunkSize), ordered,
                config.readAhead(), items, encoder, scheduler::wake);
        scheduler.submit(call);
        call.startFeeding(config.name());
        return (ResultIterator<R>) (ResultIterator<?>) call;
    }

    private ListCall submitList(String kind, FunctionRef function, List<?> items, int chunkSize) {
        requireOpen();
        Inputs inputs = encoder.encode(items, true);
        ListCall call = new ListCall(callIds.incrementAndGet(), kind, function, chunkSize, inputs);
        scheduler.submit(call);
        return call;
    }

    @SuppressWarnings("unchecked")
    private static <R> AsyncResult<R> single(ListCall call) {
        return new AsyncResultImpl<>(call.future().thenApply(list -> (R) list.get(0)), call::progress);
    }

    private static <R> void callbacks(CompletableFuture<R> future, Consumer<? super R> onSuccess,
                                      Consumer<? super TaskFailedException> onError) {
        if (onSuccess == null && onError == null) {
            return;
        }
        future.whenComplete((value, error) -> {
            try {
                if (error == null) {
                    if (onSuccess != null) {
                        onSuccess.accept(value);
                    }
                } else if (onError != null) {
                    Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
                    onError.accept(cause instanceof TaskFailedException failed ? failed
                            : new TaskFailedException("the call failed: " + cause, cause));
                }
            } catch (RuntimeException e) {
                System.err.println("mp4j: a pool callback threw; ignored:");
                e.printStackTrace();
            }
        });
    }

    private FunctionRef function(Object key, Supplier<SerializableFunction<Object, Object>> adapt, String kind) {
        if (key == null) {
            throw new NullPointerException("the function of a " + kind + " call must not be null");
        }
        synchronized (functions) {
            FunctionRef ref = functions.get(key);
            if (ref == null) {
                SerializableFunction<Object, Object> function = adapt.get();
                byte[] bytes = encoder == Inputs.SERIALIZED ? encodeOrExplain(function, "function of the " + kind + " call")
                        : null;
                ref = new FunctionRef(functionIds.incrementAndGet(), function, bytes);
                if (functions.size() >= FUNCTION_CACHE) {
                    functions.clear();
                }
                functions.put(key, ref);
            }
            return ref;
        }
    }

    private static byte[] encodeOrExplain(Object value, String what) {
        try {
            return ObjectCodec.encode(value);
        } catch (SerializationException e) {
            throw new SerializationException("the " + what + " cannot be sent to worker JVMs: " + e.getMessage(), e);
        }
    }

    private static List<?> toList(Iterable<?> items) {
        if (items instanceof List<?> list) {
            return list;
        }
        List<Object> list = new ArrayList<>(items instanceof Collection<?> c ? c.size() : 16);
        items.forEach(list::add);
        return list;
    }

    private static int requireChunkSize(int chunkSize) {
        if (chunkSize < 0) {
            throw new IllegalArgumentException("chunkSize must be >= 0 (0 = automatic), was " + chunkSize);
        }
        return chunkSize;
    }

    private void requireOpen() {
        String broken = brokenBecause;
        if (broken != null) {
            throw new PoolClosedException(broken, brokenCause);
        }
    }

    // ------------------------------------------------------------------ workers

    private void startWorker() {
        String name = config.name() + "-worker-" + workerNumbers.incrementAndGet();
        Worker worker = config.startMethod() == StartMethod.JVM
                ? new JvmWorker(name, this, config, initializer)
                : new ThreadWorker(name, this, config.initializer());
        live.add(worker);
        scheduler.added(worker);
        counters.started.increment();
        counters.alive.incrementAndGet();
        try {
            worker.start();
        } catch (RuntimeException e) {
            System.err.println("mp4j: cannot start " + name + ": " + e.getMessage());
            workerExited(worker, ExitCodes.UNKNOWN);
        }
    }

    void workerReady(Worker worker) {
        lifecycle.lock();
        try {
            startupFailures = 0;
        } finally {
            lifecycle.unlock();
        }
        WorkerInfo info = worker.info(0, false);
        listeners.forEach(l -> notify(() -> l.workerStarted(info)));
    }

    /** Frees the worker's slot for the next chunk; called before the results are decoded. */
    Chunk chunkFinished(Worker worker, long chunkId, long nanos) {
        return scheduler.completed(worker, chunkId, nanos);
    }

    /** Records a worker's report on the chunk it runs. @return the finished tasks to deliver, or {@code null} */
    Chunk chunkProgressed(Worker worker, long chunkId, int done, long runningNanos) {
        return scheduler.progressed(worker, chunkId, done, runningNanos);
    }

    /**
     * Delivers results of a chunk's tasks: all of them, the last of them (when the first came with
     * a progress report: {@code early} ones), or the first of them ({@code early}). Listeners hear
     * of the whole chunk once, when it completes.
     */
    void deliver(Chunk chunk, Object[] results, long nanos, boolean early) {
        int failed = 0;
        for (Object result : results) {
            if (result instanceof TaskFailure) {
                failed++;
            }
        }
        counters.completed.add(results.length - failed);
        counters.failed.add(failed);
        counters.taskNanos.add(nanos);
        chunk.call.completed(chunk, results);
        if (early) {
            chunk.origin.earlyFailures += failed;
            return;
        }
        int tasks = chunk.origin.count;
        int failures = failed + chunk.origin.earlyFailures;
        listeners.forEach(l -> notify(() -> l.chunkCompleted(tasks, failures, nanos)));
    }

    /** {@link #deliver} for a chunk whose results are all {@code Long}s, kept unboxed. */
    void deliverLongs(Chunk chunk, long[] results, long nanos, boolean early) {
        counters.completed.add(results.length);
        counters.taskNanos.add(nanos);
        chunk.call.completedLongs(chunk, results);
        if (!early) {
            int tasks = chunk.origin.count;
            int failures = chunk.origin.earlyFailures;
            listeners.forEach(l -> notify(() -> l.chunkCompleted(tasks, failures, nanos)));
        }
    }

    void initializerFailed(Worker worker, Throwable error) {
        brokenBecause = "the pool's initializer failed in " + worker.name + ", so the pool cannot run tasks: " + error;
        System.err.println("mp4j: " + brokenBecause);
    }

    void workerExited(Worker worker, int exitCode) {
        live.remove(worker);
        counters.alive.decrementAndGet();
        Scheduler.Lost lost = scheduler.lost(worker, config.retries());
        boolean shuttingDown = scheduler.closing() || ExitSequence.isRunning();
        boolean crashed = !worker.retiring && terminatedBecause == null;
        boolean recycled = worker.retiring && !shuttingDown;
        if (crashed) {
            counters.crashed.increment();
        }
        if (recycled) {
            counters.recycled.increment();
        }
        boolean replace = lost.replace && !shuttingDown && (crashed || recycled) && brokenBecause == null
                && !giveUpAfter(worker, exitCode);
        if (lost.timedOut != null) {
            counters.timedOut.add(lost.timedOut.count);
            counters.failed.add(lost.timedOut.count);
            lost.timedOut.call.failed(lost.timedOut, new TaskTimeoutException(lost.timedOut.describe() + " ran longer than the"
                    + " task timeout of " + config.taskTimeout() + " per task; worker " + worker.name + " (pid " + worker.pid
                    + ") was killed" + (replace ? " and replaced" : ""), null));
        }
        if (lost.failed != null) {
            counters.failed.add(lost.failed.count);
            lost.failed.call.failed(lost.failed, new WorkerDiedException("worker " + worker.name + " (pid " + worker.pid + ") "
                    + describeExit(worker, exitCode) + " while running " + lost.failed.describe()
                    + (replace ? "; the pool replaced it" : "")
                    + (config.retries() == 0 ? ". Set retries to run such tasks again on another worker" : " (tried "
                    + lost.failed.attempts + " times)"), null));
        }
        if (lost.retried != null) {
            counters.retried.add(lost.retried.count);
        }
        WorkerInfo info = worker.info(0, false);
        listeners.forEach(l -> notify(() -> l.workerExited(info, exitCode, crashed)));
        if (replace) {
            startWorker();
        }
        lifecycle.lock();
        try {
            if (live.isEmpty()) {
                allExited.signalAll();
            }
        } finally {
            lifecycle.unlock();
        }
        if (live.isEmpty() && (shuttingDown || brokenBecause != null)) {
            String reason = brokenBecause != null ? brokenBecause : terminatedBecause != null ? terminatedBecause
                    : crashed ? "the pool was shutting down when its last worker, " + worker.name + " (pid " + worker.pid
                    + "), " + describeExit(worker, exitCode) + "; a pool that is shutting down starts no new workers"
                    : "the pool was closed before this call finished (an imap whose results were not all taken?)";
            RuntimeException why = new PoolClosedException(reason, null);
            for (Call call : scheduler.terminate()) {
                call.abort(why);
            }
        }
        if (live.isEmpty() && scheduler.closing()) {
            RUNNING.remove(this);
        }
    }

    /** @return whether workers now exit because the pool is terminated or its JVM is exiting, not because they crashed */
    boolean stopsWorkers() {
        return terminatedBecause != null || ExitSequence.isRunning();
    }

    private boolean giveUpAfter(Worker worker, int exitCode) {
        if (worker.ready) {
            return false;
        }
        lifecycle.lock();
        try {
            if (++startupFailures < MAX_STARTUP_FAILURES) {
                return false;
            }
        } finally {
            lifecycle.unlock();
        }
        brokenBecause = MAX_STARTUP_FAILURES + " workers in a row died before they were ready (the last one "
                + describeExit(worker, exitCode) + "); check the JVM options and the worker output above";
        System.err.println("mp4j: " + brokenBecause);
        return true;
    }

    private static String describeExit(Worker worker, int exitCode) {
        if (exitCode >= 0 && worker.taskCalledExit) {
            return "exited because a task called System.exit(" + exitCode + ") (exit code " + exitCode + ")";
        }
        return ExitCodes.describe(exitCode);
    }

    /**
     * Kills the worker whose running task started longer than the task timeout ago. A task's start
     * is known to within a watchdog period: worker JVMs report the task they run (and so a chunk's
     * progress) by themselves, thread workers are sampled here.
     */
    private void watchTimeouts() {
        long timeout = config.taskTimeout().toNanos();
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(5), Math.min(timeout / 4, TimeUnit.MILLISECONDS.toNanos(100)));
        while (!(scheduler.closing() && live.isEmpty())) {
            long now = System.nanoTime();
            for (Object[] running : scheduler.running()) {
                Worker worker = (Worker) running[0];
                Chunk chunk = (Chunk) running[1];
                worker.sample(chunk, now);
                if (worker.timedOut == null && now - chunk.taskStartedNanos > timeout) {
                    worker.timedOut = chunk;
                    worker.kill();
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(period);
        }
    }

    /**
     * @return the loop of one of the pool's own threads, made to stop the pool if it fails (see
     *     {@link #threadFailed})
     */
    Runnable guarded(Runnable loop) {
        return () -> {
            try {
                loop.run();
            } catch (Throwable t) {
                threadFailed(t);
            }
        };
    }

    /**
     * Stops the pool because the calling thread, one of the pool's own (a worker's sender or
     * receiver, a thread worker, the timeout watchdog), failed with what it cannot handle, an
     * {@link Error} included. Left to die alone, the thread would take the pool's dispatch or its
     * results with it and every call would hang: instead every pending and running call fails
     * with a {@link PoolClosedException} naming the cause, and every worker is stopped.
     */
    void threadFailed(Throwable cause) {
        String why = "pool " + config.name() + " stopped: its " + Thread.currentThread().getName() + " thread failed: " + cause;
        lifecycle.lock();
        try {
            if (brokenBecause == null) {
                brokenCause = cause;
                brokenBecause = why;
            }
        } finally {
            lifecycle.unlock();
        }
        System.err.println("mp4j: " + why);
        cause.printStackTrace();
        PoolClosedException failure = new PoolClosedException(why, cause);
        for (Call call : scheduler.terminate()) {
            call.abort(failure);
        }
        for (Worker worker : new ArrayList<>(live)) {
            worker.kill();
        }
    }

    private static void notify(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            System.err.println("mp4j: a pool listener threw; ignored:");
            e.printStackTrace();
        }
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void shutdown() {
        scheduler.close();
    }

    @Override
    public void close() {
        shutdown();
        join();
    }

    @Override
    public void terminate() {
        terminate("the pool was terminated before this call finished");
    }

    /** The exit step {@link ExitSequence.Step#POOLS}: pools whose owner did not close them stop now. */
    private static void terminateAtExit() {
        for (PoolImpl pool : RUNNING.toArray(PoolImpl[]::new)) {
            pool.terminate("this process is exiting; the pool was terminated before this call finished");
        }
    }

    private void terminate(String reason) {
        terminatedBecause = reason;
        PoolClosedException why = new PoolClosedException(reason, null);
        for (Call call : scheduler.terminate()) {
            call.abort(why);
        }
        for (Worker worker : new ArrayList<>(live)) {
            worker.kill();
        }
        join();
    }

    @Override
    public void join() {
        join(null);
    }

    @Override
    public boolean join(Duration timeout) {
        if (!scheduler.closing()) {
            throw new IllegalStateException("the pool is still running: call close() or terminate() before join()");
        }
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        lifecycle.lock();
        try {
            while (!live.isEmpty()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                allExited.awaitNanos(Math.min(remaining, TimeUnit.SECONDS.toNanos(1)));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return live.isEmpty();
        } finally {
            lifecycle.unlock();
        }
    }

    @Override
    public boolean isClosed() {
        return scheduler.closing();
    }

    @Override
    public PoolConfig config() {
        return config;
    }

    @Override
    public PoolMetrics metrics() {
        return counters;
    }

    @Override
    public List<WorkerInfo> workers() {
        return scheduler.workerInfos();
    }

    @Override
    public void addListener(PoolListener listener) {
        listeners.add(listener);
    }

    @Override
    public String toString() {
        return "ProcessPool[" + config.name() + ", " + live.size() + " workers, " + config.startMethod() + "]";
    }
}
