package io.github.mp4j.pool;

import io.github.mp4j.function.SerializableBiFunction;
import io.github.mp4j.function.SerializableCallable;
import io.github.mp4j.function.SerializableFunction;
import io.github.mp4j.function.SerializableFunction3;
import io.github.mp4j.function.SerializableFunction4;
import io.github.mp4j.function.SerializableFunction5;
import io.github.mp4j.function.SerializableVarargsFunction;
import io.github.mp4j.pool.internal.PoolImpl;
import io.github.mp4j.pool.internal.WarmWorkers;
import io.github.mp4j.runtime.StartMethod;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A pool of workers that run tasks (Python's {@code multiprocessing.Pool}); by default each
 * worker is a JVM of its own, or with {@link StartMethod#THREADS} a thread of this one.
 *
 * <pre>{@code
 * try (ProcessPool pool = ProcessPool.create(PoolConfig.custom().processes(4).build())) {
 *     List<Long> cubes = pool.map(x -> (long) x * x * x, List.of(1, 2, 3));
 * }
 * }</pre>
 *
 * <p><b>Faults never hang and never lose results.</b> A worker that dies (killed, out of memory,
 * {@code System.exit}) fails only the tasks it was running, with a {@link WorkerDiedException}
 * naming the worker, its pid, exit code and the task, or runs them again elsewhere when
 * {@link PoolConfig#retries()} allows; the worker is replaced. A task that exceeds
 * {@link PoolConfig#taskTimeout()} fails with {@link TaskTimeoutException} and only its worker is
 * replaced. A task's exception arrives as the cause of a {@link TaskFailedException}, with the
 * worker's stack trace. A task, function or argument that cannot be serialized fails when
 * submitted, before anything is sent. Should one of the pool's own threads fail (an
 * {@link Error} where it reads a worker's results, say), the pool stops rather than hang: every
 * pending and running call fails with a {@link PoolClosedException} naming the cause, every
 * worker is stopped, and new calls are refused.
 *
 * <p>Chunks: map-style calls send tasks to workers in chunks. By default the chunk size adapts to
 * measured task times (tiny tasks travel in large chunks, slow tasks one by one); a chunk size
 * given to a call, or in the configuration, overrides it.
 *
 * <p><b>Calls share the workers.</b> Several calls at once (one pool serving several jobs) take
 * turns: each chunk goes to the call with work waiting that has had the fewest chunks for its
 * {@link CallOptions#priority() priority} (round-robin for equal priorities), so a small call
 * submitted behind a big one starts as soon as a worker finishes its current chunk, not after the
 * big call's last chunk was sent. Each call can carry {@link CallOptions} of its own (label,
 * chunk size, task and call timeouts, retries, read-ahead, priority), and be stopped with
 * {@link AsyncResult#cancel(boolean)} or by closing its {@link ResultIterator}.
 */
public interface ProcessPool extends AutoCloseable {

    /**
     * Starts a pool; its workers start now, so the first task does not wait for them.
     *
     * @param config the configuration
     * @return the running pool
     */
    static ProcessPool create(PoolConfig config) {
        return new PoolImpl(config);
    }

    /**
     * Ends, now, the idle worker JVMs that closed pools keep for the next pool
     * ({@link PoolConfig.Builder#reuseWorkers}), instead of at the end of their keep-alive.
     *
     * @return how many were ended
     */
    static int closeIdleWorkers() {
        return WarmWorkers.closeIdle();
    }

    /**
     * Runs one task and waits for its result.
     *
     * @param <R> the result's type
     * @param task the task
     * @return its result
     * @throws TaskFailedException if it failed
     */
    <R> R apply(SerializableCallable<R> task);

    /**
     * Runs {@code function.apply(argument)} in a worker and waits for the result.
     *
     * @param <T> the argument's type
     * @param <R> the result's type
     * @param function the function
     * @param argument its argument
     * @return the result
     */
    <T, R> R apply(SerializableFunction<T, R> function, T argument);

    /**
     * @param <R> the result's type
     * @param task the task
     * @return its pending result
     */
    <R> AsyncResult<R> applyAsync(SerializableCallable<R> task);

    /**
     * @param <T> the argument's type
     * @param <R> the result's type
     * @param function the function
     * @param argument its argument
     * @return the pending result of {@code function.apply(argument)}
     */
    <T, R> AsyncResult<R> applyAsync(SerializableFunction<T, R> function, T argument);

    /**
     * Python's {@code apply_async(func, callback=..., error_callback=...)}.
     *
     * @param <R> the result's type
     * @param task the task
     * @param onSuccess called with the result, on a pool thread
     * @param onError called with the {@link TaskFailedException}, on a pool thread
     * @return its pending result
     */
    <R> AsyncResult<R> applyAsync(SerializableCallable<R> task, Consumer<? super R> onSuccess,
                                  Consumer<? super TaskFailedException> onError);

    /**
     * Applies a function to every item, in parallel, and returns the results in input order.
     *
     * @param <T> the items' type
     * @param <R> the results' type
     * @param function the function
     * @param items the inputs, read at once
     * @return the results
     * @throws TaskFailedException for the first task that failed
     */
    <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items);

    /**
     * @param <T> the items' type
     * @param <R> the results' type
     * @param function the function
     * @param items the inputs
     * @param chunkSize tasks per chunk (0: automatic)
     * @return the results in input order
     */
    <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items, int chunkSize);

    /**
     * @param <T> the items' type
     * @param <R> the results' type
     * @param function the function
     * @param items the inputs
     * @return the pending results
     */
    <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items);

    /**
     * @param <T> the items' type
     * @param <R> the results' type
     * @param function the function
     * @param items the inputs
     * @param chunkSize tasks per chunk (0: automatic)
     * @param onSuccess called with all results, on a pool thread, or {@code null}
     * @param onError called with the first failure, on a pool thread, or {@code null}
     * @return the pending results
     */
    <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                                         int chunkSize, Consumer<? super List<R>> onSuccess,
                                         Consumer<? super TaskFailedException> onError);

    /**
     * Like {@link #map} for two-argument functions (Python's {@code starmap}): each entry's key and
     * value are the arguments.
     *
     * @param <A> the first arguments' type
     * @param <B> the second arguments' type
     * @param <R> the results' type
     * @param function the function
     * @param arguments the argument pairs, for example {@code Map.entry(a, b)}
     * @param chunkSize tasks per chunk (0: automatic)
     * @return the results in input order
     */
    <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                              Iterable<? extends Map.Entry<? extends A, ? extends B>> arguments, int chunkSize);

    /**
     * @param <A> the first arguments' type
     * @param <B> the second arguments' type
     * @param <R> the results' type
     * @param function the function
     * @param arguments the argument pairs
     * @param chunkSize tasks per chunk (0: automatic)
     * @return the pending results in input order
     */
    <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                                Iterable<? extends Map.Entry<? extends A, ? extends B>> arguments, int chunkSize);

    /**
     * Applies a function lazily: inputs are read as results are taken, at most
     * {@link PoolConfig#readAhead()} ahead, and results come in input order.
     *
     * @param <T> the items' type
     * @param <R> the results' type
     * @param function the function
     * @param items the inputs, possibly endless
     * @param chunkSize tasks per chunk (0: automatic)
     * @return the results
     */
    <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> function, Iterator<? extends T> items, int chunkSize);

    /**
     * @param <T> the items' type
     * @param <R> the results' type
     * @param function the function
     * @param items the inputs
     * @return the results in input order
     */
    default <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items) {
        return imap(function, items.iterator(), PoolConfig.AUTO_CHUNK_SIZE);
    }

    /**
     * @param <T> the items' type
     * @param <R> the results' type
     * @param function the function
     * @param items the inputs, possibly endless
     * @return the results in input order
     */
    default <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> function, Stream<? extends T> items) {
        return imap(function, items.iterator(), PoolConfig.AUTO_CHUNK_SIZE);
    }

    /**
     * Like {@link #imap} but results come as they finish.
     *
     * @param <T> the items' type
     * @param <R> the results' type
     * @param function the function
     * @param items the inputs, possibly endless
     * @param chunkSize tasks per chunk (0: automatic)
     * @return the results in completion order
     */
    <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> function, Iterator<? extends T> items,
                                           int chunkSize);

    /**
     * @param <T> the items' type
     * @param <R> the results' type
     * @param function the function
     * @param items the inputs
     * @return the results in completion order
     */
    default <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> function,
                                                   Iterable<? extends T> items) {
        return imapUnordered(function, items.iterator(), PoolConfig.AUTO_CHUNK_SIZE);
    }

    // ------------------------------------------------------------------ calls with their own options

    /**
     * {@link #applyAsync(SerializableCallable)} with options of its own (label, task timeout,
     * retries, call timeout, priority).
     *
     * @param <R> the result's type
     * @param task the task
     * @param options how the call runs, where it differs from the pool's configuration
     * @return its pending result
     */
    <R> AsyncResult<R> applyAsync(SerializableCallable<R> task, CallOptions options);

    /**
     * @param <T> the argument's type
     * @param <R> the result's type
     * @param function the function
     * @param argument its argument
     * @param options how the call runs, where it differs from the pool's configuration
     * @return the pending result of {@code function.apply(argument)}
     */
    <T, R> AsyncResult<R> applyAsync(SerializableFunction<T, R> function, T argument, CallOptions options);

    /**
     * {@link #map(SerializableFunction, Iterable)} with options of its own.
     *
     * @param <T> the items' type
     * @param <R> the results' type
     * @param function the function
     * @param items the inputs, read at once
     * @param options how the call runs, where it differs from the pool's configuration
     * @return the results in input order
     * @throws TaskFailedException for the first task that failed
     */
    default <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                               CallOptions options) {
        return this.<T, R>mapAsync(function, items, options).get();
    }

    /**
     * @param <T> the items' type
     * @param <R> the results' type
     * @param function the function
     * @param items the inputs, read at once
     * @param options how the call runs, where it differs from the pool's configuration
     * @return the pending results in input order
     */
    <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                                         CallOptions options);

    /**
     * Like {@link #map(SerializableFunction, Iterable)}, but a failed task does not fail the call:
     * every task runs, and each item gets its {@link TaskOutcome}, its result or its failure, in
     * input order. A task whose worker died (after its retries) or that timed out is a failed
     * outcome too; only cancelling the call or terminating the pool fails it as a whole.
     *
     * @param <T> the items' type
     * @param <R> the results' type
     * @param function the function
     * @param items the inputs, read at once
     * @return every item's outcome, in input order
     */
    default <T, R> List<TaskOutcome<R>> mapOutcomes(SerializableFunction<? super T, ? extends R> function,
                                                    Iterable<? extends T> items) {
        return this.<T, R>mapOutcomesAsync(function, items, CallOptions.defaults()).get();
    }

    /**
     * @param <T> the items' type
     * @param <R> the results' type
     * @param function the function
     * @param items the inputs, read at once
     * @param options how the call runs, where it differs from the pool's configuration
     * @return the pending outcomes, in input order (see {@link #mapOutcomes})
     */
    <T, R> AsyncResult<List<TaskOutcome<R>>> mapOutcomesAsync(SerializableFunction<? super T, ? extends R> function,
                                                              Iterable<? extends T> items, CallOptions options);

    /**
     * {@link #starmapAsync} with options of its own.
     *
     * @param <A> the first arguments' type
     * @param <B> the second arguments' type
     * @param <R> the results' type
     * @param function the function
     * @param arguments the argument pairs
     * @param options how the call runs, where it differs from the pool's configuration
     * @return the pending results in input order
     */
    <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                                Iterable<? extends Map.Entry<? extends A, ? extends B>> arguments,
                                                CallOptions options);

    /**
     * Python's {@code starmap} for functions of three arguments: each item of
     * {@code argumentLists} holds the arguments of one call, as an {@code Object[]}, a
     * {@link List}, or a record (its components in declaration order), and must hold exactly
     * three. Declare the lambda's parameter types, as the lists' element types cannot be checked
     * by the compiler: {@code pool.starmap((String name, Integer count, Boolean upper) -> ..., rows)}.
     * For more than five arguments, see {@link #starmap(SerializableVarargsFunction, Iterable)}.
     *
     * @param <A> the first arguments' type
     * @param <B> the second arguments' type
     * @param <C> the third arguments' type
     * @param <R> the results' type
     * @param function the function
     * @param argumentLists the argument lists, read at once
     * @return the results in input order
     * @throws IllegalArgumentException at once, naming the index, for an argument list that is not
     *     one of these or does not hold three arguments
     */
    default <A, B, C, R> List<R> starmap(SerializableFunction3<? super A, ? super B, ? super C, ? extends R> function,
                                         Iterable<?> argumentLists) {
        return this.<A, B, C, R>starmapAsync(function, argumentLists, CallOptions.defaults()).get();
    }

    /**
     * @param <A> the first arguments' type
     * @param <B> the second arguments' type
     * @param <C> the third arguments' type
     * @param <R> the results' type
     * @param function the function
     * @param argumentLists the argument lists of three (see {@link #starmap(SerializableFunction3, Iterable)})
     * @param options how the call runs, where it differs from the pool's configuration
     * @return the pending results in input order
     */
    <A, B, C, R> AsyncResult<List<R>> starmapAsync(SerializableFunction3<? super A, ? super B, ? super C, ? extends R> function,
                                                   Iterable<?> argumentLists, CallOptions options);

    /**
     * {@link #starmap(SerializableFunction3, Iterable)} for functions of four arguments.
     *
     * @param <A> the first arguments' type
     * @param <B> the second arguments' type
     * @param <C> the third arguments' type
     * @param <D> the fourth arguments' type
     * @param <R> the results' type
     * @param function the function
     * @param argumentLists the argument lists of four
     * @return the results in input order
     */
    default <A, B, C, D, R> List<R> starmap(
            SerializableFunction4<? super A, ? super B, ? super C, ? super D, ? extends R> function, Iterable<?> argumentLists) {
        return this.<A, B, C, D, R>starmapAsync(function, argumentLists, CallOptions.defaults()).get();
    }

    /**
     * @param <A> the first arguments' type
     * @param <B> the second arguments' type
     * @param <C> the third arguments' type
     * @param <D> the fourth arguments' type
     * @param <R> the results' type
     * @param function the function
     * @param argumentLists the argument lists of four
     * @param options how the call runs, where it differs from the pool's configuration
     * @return the pending results in input order
     */
    <A, B, C, D, R> AsyncResult<List<R>> starmapAsync(
            SerializableFunction4<? super A, ? super B, ? super C, ? super D, ? extends R> function, Iterable<?> argumentLists,
            CallOptions options);

    /**
     * {@link #starmap(SerializableFunction3, Iterable)} for functions of five arguments.
     *
     * @param <A> the first arguments' type
     * @param <B> the second arguments' type
     * @param <C> the third arguments' type
     * @param <D> the fourth arguments' type
     * @param <E> the fifth arguments' type
     * @param <R> the results' type
     * @param function the function
     * @param argumentLists the argument lists of five
     * @return the results in input order
     */
    default <A, B, C, D, E, R> List<R> starmap(
            SerializableFunction5<? super A, ? super B, ? super C, ? super D, ? super E, ? extends R> function,
            Iterable<?> argumentLists) {
        return this.<A, B, C, D, E, R>starmapAsync(function, argumentLists, CallOptions.defaults()).get();
    }

    /**
     * @param <A> the first arguments' type
     * @param <B> the second arguments' type
     * @param <C> the third arguments' type
     * @param <D> the fourth arguments' type
     * @param <E> the fifth arguments' type
     * @param <R> the results' type
     * @param function the function
     * @param argumentLists the argument lists of five
     * @param options how the call runs, where it differs from the pool's configuration
     * @return the pending results in input order
     */
    <A, B, C, D, E, R> AsyncResult<List<R>> starmapAsync(
            SerializableFunction5<? super A, ? super B, ? super C, ? super D, ? super E, ? extends R> function,
            Iterable<?> argumentLists, CallOptions options);

    /**
     * Python's {@code starmap} for argument lists of any length: each item of
     * {@code argumentLists} holds the arguments of one call, as an {@code Object[]}, a
     * {@link List}, a {@link Map.Entry} (key, value) or a record (its components in declaration
     * order), and the function is called with them spread, as Python's {@code f(*args)} is.
     * Lists may differ in length; the function sees each list's own. For example
     * {@code pool.starmap(args -> (Integer) args[0] * (Integer) args[1] + args.length, rows)}.
     * The arguments reach the function as {@code Object}s (see {@link SerializableVarargsFunction});
     * for three to five arguments whose types the compiler should check, use
     * {@link #starmap(SerializableFunction3, Iterable)} and its siblings.
     *
     * @param <R> the results' type
     * @param function the function, called with each list's arguments
     * @param argumentLists the argument lists, read at once
     * @return the results in input order
     * @throws IllegalArgumentException at once, naming the index, for an argument list that is not
     *     one of these
     */
    default <R> List<R> starmap(SerializableVarargsFunction<? extends R> function, Iterable<?> argumentLists) {
        return this.<R>starmapAsync(function, argumentLists, CallOptions.defaults()).get();
    }

    /**
     * @param <R> the results' type
     * @param function the function, called with each list's arguments
     * @param argumentLists the argument lists (see {@link #starmap(SerializableVarargsFunction, Iterable)})
     * @param options how the call runs, where it differs from the pool's configuration
     * @return the pending results in input order
     */
    <R> AsyncResult<List<R>> starmapAsync(SerializableVarargsFunction<? extends R> function, Iterable<?> argumentLists,
                                          CallOptions options);

    /**
     * {@link #imap(SerializableFunction, Iterator, int)} with options of its own (its read-ahead
     * among them).
     *
     * @param <T> the items' type
     * @param <R> the results' type
     * @param function the function
     * @param items the inputs, possibly endless
     * @param options how the call runs, where it differs from the pool's configuration
     * @return the results in input order
     */
    <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> function, Iterator<? extends T> items,
                                  CallOptions options);

    /**
     * @param <T> the items' type
     * @param <R> the results' type
     * @param function the function
     * @param items the inputs, possibly endless
     * @param options how the call runs, where it differs from the pool's configuration
     * @return the results in completion order
     */
    <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> function, Iterator<? extends T> items,
                                           CallOptions options);

    /**
     * This pool as a {@link ExecutorService}, for code written against the JDK's executors: each
     * task is an {@link #applyAsync(SerializableCallable, CallOptions) applyAsync} call with
     * default options. See {@link #asExecutorService(CallOptions)}.
     *
     * @return a new view of this pool
     */
    default ExecutorService asExecutorService() {
        return asExecutorService(CallOptions.defaults());
    }

    /**
     * This pool as a {@link ExecutorService}: each task is an
     * {@link #applyAsync(SerializableCallable, CallOptions) applyAsync} call with these options
     * (label them, say, to tell the executor's tasks apart in metrics).
     *
     * <p>Tasks run in the pool's workers, so on worker JVMs each must be serializable, with
     * everything it captures: a {@link Callable} or {@link Runnable} that is
     * {@link java.io.Serializable} (a {@link SerializableCallable}, a serializable lambda or class);
     * one that is not is refused with a {@link java.util.concurrent.RejectedExecutionException}
     * naming its class and what could not be serialized. The view follows the JDK contract for
     * {@code submit}, {@code invokeAll}, {@code invokeAny} and its own lifecycle, which is not the
     * pool's: {@code shutdown()} makes the view refuse new tasks and it is terminated once the
     * tasks it took have finished; {@code shutdownNow()} also cancels them with interruption (see
     * {@link AsyncResult#cancel(boolean)}) and returns an empty list, since a task handed to the
     * pool may already have started. The pool goes on serving its other callers; close it as
     * usual. A task's exception is the cause of the {@link java.util.concurrent.ExecutionException}
     * its future throws; a failure of the pool's own ({@link WorkerDiedException},
     * {@link TaskTimeoutException}) is the cause itself. Cancelling a future cancels its call.
     *
     * @param options how each task's call runs
     * @return a new view of this pool
     */
    ExecutorService asExecutorService(CallOptions options);

    // ------------------------------------------------------------------ lifecycle

    /**
     * Takes no more work and returns at once; workers finish everything submitted, then exit
     * (Python's {@code close}). Wait for them with {@link #join()}.
     */
    void shutdown();

    /** {@link #shutdown()}, then {@link #join()}: finishes everything submitted and waits for the workers to exit. */
    @Override
    void close();

    /** Stops at once: pending and running work fails with {@link PoolClosedException}; workers are killed. */
    void terminate();

    /**
     * Waits for the workers to exit, after {@link #close()} or {@link #terminate()}.
     *
     * @throws io.github.mp4j.MpInterruptedException if the thread is interrupted while it waits
     */
    void join();

    /**
     * @param timeout how long to wait
     * @return whether every worker exited in time
     */
    boolean join(Duration timeout);

    /** @return whether {@link #close()} or {@link #terminate()} was called */
    boolean isClosed();

    /** @return the configuration */
    PoolConfig config();

    /** @return live counters */
    PoolMetrics metrics();

    /** @return a snapshot of every worker */
    List<WorkerInfo> workers();

    /**
     * Adds a listener: it hears every {@link PoolEvent} from now on (chunk completions, worker
     * starts and exits), on the pool's own threads, as {@link PoolEvent} describes. A listener that
     * throws an exception is logged and does not harm the pool.
     *
     * @param listener the listener; added twice, it hears each event twice
     */
    void addListener(Consumer<? super PoolEvent> listener);

    /**
     * Removes a listener added with {@link #addListener}: it hears no event that happens after
     * this returns (one being delivered on another thread may still reach it).
     *
     * @param listener the listener, as it was added
     * @return whether it was a listener of this pool
     */
    boolean removeListener(Consumer<? super PoolEvent> listener);
}
