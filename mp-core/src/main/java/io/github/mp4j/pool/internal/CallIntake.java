package io.github.mp4j.pool.internal;

import io.github.mp4j.function.SerializableBiFunction;
import io.github.mp4j.function.SerializableCallable;
import io.github.mp4j.function.SerializableFunction;
import io.github.mp4j.pool.AsyncResult;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.ResultIterator;
import io.github.mp4j.pool.TaskFailedException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
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

    CallIntake(PoolConfig config, Scheduler scheduler, WorkerFactory factory) {
        this.config = config;
        this.scheduler = scheduler;
        this.factory = factory;
        this.encoder = factory.encoder();
    }

    /** @throws io.github.mp4j.pool.PoolClosedException if the pool cannot run tasks any more */
    abstract void requireOpen();

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
        return single(submitList("apply", ref, Collections.singletonList(argument), 1));
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
