package io.github.mp4j.pool.internal;

import io.github.mp4j.function.SerializableBiFunction;
import io.github.mp4j.function.SerializableCallable;
import io.github.mp4j.function.SerializableFunction;
import io.github.mp4j.function.SerializableFunction3;
import io.github.mp4j.function.SerializableFunction4;
import io.github.mp4j.function.SerializableFunction5;
import io.github.mp4j.function.SerializableVarargsFunction;
import io.github.mp4j.pool.AsyncResult;
import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.CallTimeoutException;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.ResultIterator;
import io.github.mp4j.pool.TaskFailedException;
import io.github.mp4j.pool.TaskOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The pool's call intake: turns every kind of call (apply, map, starmap, imap) into a
 * {@link Call} of "apply a function to each item", with its inputs prepared for the workers, and
 * hands it to the {@link Scheduler}. Functions are prepared once and remembered by identity, so a
 * worker JVM receives each function once.
 */
abstract class CallIntake implements ProcessPool {

    private static final System.Logger LOG = System.getLogger(CallIntake.class.getName());
    private static final int FUNCTION_CACHE = 1024;

    private final PoolConfig config;
    private final Scheduler scheduler;
    private final WorkerFactory factory;
    private final Inputs.Encoder encoder;
    private final AtomicLong callIds = new AtomicLong();
    private final AtomicLong functionIds = new AtomicLong();
    private final Map<Object, FunctionRef> functions = new IdentityHashMap<>();
    private final PendingLimit pending;

    CallIntake(PoolConfig config, Scheduler scheduler, WorkerFactory factory) {
        this.config = config;
        this.scheduler = scheduler;
        this.factory = factory;
        this.encoder = factory.encoder();
        this.pending = new PendingLimit(config.maxPendingTasks(), config.pendingWait());
    }

    /** @throws io.github.mp4j.pool.PoolClosedException if the pool cannot run tasks any more */
    abstract void requireOpen();

    /**
     * Stops a call (see {@link AsyncResult#cancel(boolean)}), failing it with {@code why}.
     *
     * @return whether this stopped it (it was neither finished nor stopped before)
     */
    abstract boolean stop(Call call, RuntimeException why, boolean interrupt);

    /** Counts a call among those in flight until it ends; called before it is submitted. */
    abstract void track(Call call);

    /** A call was submitted whose tasks have this timeout: the watchdog must watch them. */
    abstract void watchTaskTimeout(long timeoutNanos);

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
        return applyAsync(task, CallOptions.defaults());
    }

    @Override
    public <T, R> AsyncResult<R> applyAsync(SerializableFunction<T, R> function, T argument) {
        return applyAsync(function, argument, CallOptions.defaults());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T, R> AsyncResult<R> applyAsync(SerializableFunction<T, R> function, T argument, CallOptions options) {
        FunctionRef ref = function(function, () -> (SerializableFunction<Object, Object>) function, "apply");
        return single(submitList("apply", ref, Collections.singletonList(argument), 1, options, false));
    }

    @Override
    public <R> AsyncResult<R> applyAsync(SerializableCallable<R> task, CallOptions options) {
        FunctionRef ref = function(Functions.CALL, () -> Functions.CALL, "apply");
        return single(submitList("apply", ref, List.of(task), 1, options, false));
    }

    @Override
    public <R> AsyncResult<R> applyAsync(SerializableCallable<R> task, Consumer<? super R> onSuccess,
                                         Consumer<? super TaskFailedException> onError) {
        AsyncResult<R> result = applyAsync(task, CallOptions.defaults());
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
        return mapAsync(function, items, CallOptions.defaults());
    }

    @Override
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                                                int chunkSize, Consumer<? super List<R>> onSuccess,
                                                Consumer<? super TaskFailedException> onError) {
        AsyncResult<List<R>> result = mapAsync(function, items, CallOptions.defaults().withChunkSize(requireChunkSize(chunkSize)));
        callbacks(result.toCompletableFuture(), onSuccess, onError);
        return result;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                                                CallOptions options) {
        FunctionRef ref = function(function, () -> (SerializableFunction<Object, Object>) function, "map");
        return list(submitList("map", ref, toList(items), options.chunkSize(config), options, false));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T, R> AsyncResult<List<TaskOutcome<R>>> mapOutcomesAsync(SerializableFunction<? super T, ? extends R> function,
                                                                     Iterable<? extends T> items, CallOptions options) {
        FunctionRef ref = function(function, () -> (SerializableFunction<Object, Object>) function, "map");
        return list(submitList("mapOutcomes", ref, toList(items), options.chunkSize(config), options, true));
    }

    @Override
    public <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> arguments, int chunkSize) {
        return this.<A, B, R>starmapAsync(function, arguments, chunkSize).get();
    }

    @Override
    public <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                                       Iterable<? extends Map.Entry<? extends A, ? extends B>> arguments,
                                                       int chunkSize) {
        return starmapAsync(function, arguments, CallOptions.defaults().withChunkSize(requireChunkSize(chunkSize)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                                       Iterable<? extends Map.Entry<? extends A, ? extends B>> arguments,
                                                       CallOptions options) {
        FunctionRef ref = function(function,
                () -> new Functions.Star((SerializableBiFunction<Object, Object, Object>) function), "starmap");
        List<Object> pairs = new ArrayList<>();
        for (Map.Entry<? extends A, ? extends B> entry : arguments) {
            pairs.add(new Object[] {entry.getKey(), entry.getValue()});
        }
        return list(submitList("starmap", ref, pairs, options.chunkSize(config), options, false));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A, B, C, R> AsyncResult<List<R>> starmapAsync(
            SerializableFunction3<? super A, ? super B, ? super C, ? extends R> function, Iterable<?> argumentLists,
            CallOptions options) {
        return starmapN(function, () -> new Functions.Star3((SerializableFunction3<Object, Object, Object, Object>) function),
                3, argumentLists, options);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A, B, C, D, R> AsyncResult<List<R>> starmapAsync(
            SerializableFunction4<? super A, ? super B, ? super C, ? super D, ? extends R> function, Iterable<?> argumentLists,
            CallOptions options) {
        return starmapN(function, () -> new Functions.Star4(
                (SerializableFunction4<Object, Object, Object, Object, Object>) function), 4, argumentLists, options);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A, B, C, D, E, R> AsyncResult<List<R>> starmapAsync(
            SerializableFunction5<? super A, ? super B, ? super C, ? super D, ? super E, ? extends R> function,
            Iterable<?> argumentLists, CallOptions options) {
        return starmapN(function, () -> new Functions.Star5(
                (SerializableFunction5<Object, Object, Object, Object, Object, Object>) function), 5, argumentLists, options);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> AsyncResult<List<R>> starmapAsync(SerializableVarargsFunction<? extends R> function, Iterable<?> argumentLists,
                                                 CallOptions options) {
        return starmapN(function, () -> new Functions.StarAny((SerializableVarargsFunction<Object>) function),
                Functions.ANY_ARITY, argumentLists, options);
    }

    private <R> AsyncResult<List<R>> starmapN(Object function, Supplier<SerializableFunction<Object, Object>> adapt, int arity,
                                              Iterable<?> argumentLists, CallOptions options) {
        FunctionRef ref = function(function, adapt, "starmap");
        List<Object> lists = new ArrayList<>();
        for (Object list : argumentLists) {
            lists.add(Functions.argumentList(list, arity, lists.size()));
        }
        return list(submitList("starmap", ref, lists, options.chunkSize(config), options, false));
    }

    @Override
    public <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> function, Iterator<? extends T> items,
                                         int chunkSize) {
        return stream(function, items, CallOptions.defaults().withChunkSize(requireChunkSize(chunkSize)), true);
    }

    @Override
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> function,
                                                  Iterator<? extends T> items, int chunkSize) {
        return stream(function, items, CallOptions.defaults().withChunkSize(requireChunkSize(chunkSize)), false);
    }

    @Override
    public <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> function, Iterator<? extends T> items,
                                         CallOptions options) {
        return stream(function, items, options, true);
    }

    @Override
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> function,
                                                  Iterator<? extends T> items, CallOptions options) {
        return stream(function, items, options, false);
    }

    @Override
    public ExecutorService asExecutorService(CallOptions options) {
        return new PoolExecutorService(this, Objects.requireNonNull(options, "options"));
    }

    @SuppressWarnings("unchecked")
    private <T, R> ResultIterator<R> stream(SerializableFunction<? super T, ? extends R> function, Iterator<? extends T> items,
                                            CallOptions options, boolean ordered) {
        requireOpen();
        FunctionRef ref = function(function, () -> (SerializableFunction<Object, Object>) function,
                ordered ? "imap" : "imapUnordered");
        CallSettings settings = settings(options);
        StreamCall call = new StreamCall(callIds.incrementAndGet(), ref, options.chunkSize(config), settings, ordered,
                options.readAhead(config), items, encoder, scheduler::wake);
        track(call);
        try {
            scheduler.submit(call);
        } catch (RuntimeException e) {
            call.abort(e);
            throw e;
        }
        call.startFeeding(config.name());
        return (ResultIterator<R>) (ResultIterator<?>) call;
    }

    private ListCall submitList(String kind, FunctionRef function, List<?> items, int chunkSize, CallOptions options,
                                boolean collectFailures) {
        requireOpen();
        CallSettings settings = settings(options);
        Inputs inputs = encoder.encode(items, true);
        ListCall call = new ListCall(callIds.incrementAndGet(), kind, function, chunkSize, settings, inputs, collectFailures);
        int tasks = inputs.count();
        if (pending.bounded() && tasks > 0) {
            pending.acquire(tasks, config.name());
            call.onEnd(() -> pending.release(tasks));
        }
        track(call);
        try {
            scheduler.submit(call);
        } catch (RuntimeException e) {
            call.abort(e);
            throw e;
        }
        timeCall(call, options.callTimeout());
        return call;
    }

    private CallSettings settings(CallOptions options) {
        CallSettings settings = CallSettings.of(options, config);
        if (settings.taskTimeoutNanos() > 0) {
            watchTaskTimeout(settings.taskTimeoutNanos());
        }
        return settings;
    }

    /** Stops the call once its call timeout has passed, unless it finished before. */
    private void timeCall(ListCall call, Duration timeout) {
        if (timeout.isZero() || call.future().isDone()) {
            return;
        }
        ScheduledFuture<?> timer = CallTimer.TIMER.schedule(() -> stop(call, new CallTimeoutException(call.describe()
                + " did not finish within its call timeout of " + timeout + " (" + call.progress().done() + " of "
                + call.progress().total() + " tasks done); it was stopped and its workers replaced", null), true),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        call.future().whenComplete((value, error) -> timer.cancel(false));
    }

    /** The one thread that stops calls past their call timeout, for every pool of this JVM; made when first needed. */
    private static final class CallTimer {
        static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "mp4j-pool-call-timer");
            thread.setDaemon(true);
            return thread;
        });

        static {
            TIMER.setRemoveOnCancelPolicy(true);
        }
    }

    private <R> AsyncResult<R> single(ListCall call) {
        return new AsyncResultImpl<>(future(call, list -> list.get(0)), call::progress);
    }

    private <R> AsyncResult<List<R>> list(ListCall call) {
        return new AsyncResultImpl<>(future(call, list -> list), call::progress);
    }

    @SuppressWarnings("unchecked")
    private <R> CallFuture<R> future(ListCall call, Function<List<Object>, Object> result) {
        return CallFuture.of(call.future(), list -> (R) result.apply(list),
                interrupt -> stop(call, new CancellationException(call.describe() + " was cancelled"), interrupt));
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
                    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                    onError.accept(cause instanceof TaskFailedException failed ? failed
                            : new TaskFailedException("the call failed: " + cause, cause));
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a pool callback threw; ignored", e);
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
                byte[] bytes = factory.encode(function, "function of the " + kind + " call");
                ref = new FunctionRef(functionIds.incrementAndGet(), function, bytes);
                if (functions.size() >= FUNCTION_CACHE) {
                    functions.clear();
                }
                functions.put(key, ref);
            }
            return ref;
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
}
