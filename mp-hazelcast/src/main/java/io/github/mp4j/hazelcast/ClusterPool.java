package io.github.mp4j.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import io.github.mp4j.MpInterruptedException;
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
import io.github.mp4j.pool.PoolClosedException;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.PoolEvent;
import io.github.mp4j.pool.PoolMetrics;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.ResultIterator;
import io.github.mp4j.pool.TaskFailedException;
import io.github.mp4j.pool.TaskOutcome;
import io.github.mp4j.pool.TaskTimeoutException;
import io.github.mp4j.pool.WorkerDiedException;
import io.github.mp4j.pool.WorkerInfo;
import io.github.mp4j.serial.NotSendable;
import io.github.mp4j.serial.ObjectCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A {@link ProcessPool} whose workers are the workers of a Hazelcast cluster's members: the same
 * calls as a local pool, each chunk run by one member's local mp4j pool ({@link ClusterMember}).
 *
 * <pre>{@code
 * try (ProcessPool pool = ClusterPool.connect(ClusterSettings.custom().members(List.of("10.0.0.1")).build(),
 *                                            PoolConfig.custom().retries(2).build())) {
 *     List<Long> cubes = pool.map(x -> (long) x * x * x, List.of(1, 2, 3));
 * }
 * }</pre>
 *
 * <p><b>Scheduling.</b> Each member holds at most two chunks per worker of its local pool, plus two
 * (queued there, to hide the network trip), or, for a function whose tasks are known to be short
 * (measured from earlier replies), as many tasks as make about 10 ms of work per worker (at most
 * 256). Chunks for a member travel together: while as many messages as its window of chunks are on
 * their way to it, the next chunks wait and then leave as one message, so a stream of single-task
 * {@code applyAsync} calls costs one Hazelcast message per batch, not per task (see
 * {@link MemberSlot}). The next chunk goes to the member with the most free workers, so a
 * bigger member gets more, a member that joins mid-call takes work at once, and a slow one gets
 * less. Calls share the members as on a local pool: the next chunk goes to the call that has had
 * the fewest for its priority. {@code imap} reads at most its read-ahead of input beyond the
 * results taken. An automatic chunk size splits a {@code map} into about four chunks per worker of
 * the cluster; a member's local pool splits each chunk among its workers again.
 *
 * <p><b>Failures.</b> A member that leaves or dies costs only the chunks it held: each goes to
 * another member if its tasks have retries left ({@link PoolConfig#retries()},
 * {@link CallOptions#withRetries}); otherwise its tasks fail with a {@link WorkerDiedException}
 * naming the member. Results already received are kept. A member is declared dead when its
 * connection drops or after {@link ClusterSettings#failureDetection()} of silence, so no call
 * hangs on it. A chunk a member cannot read (a class missing on it) fails its tasks with a
 * {@link TaskFailedException} naming the member and the class. With no member at all, calls wait
 * for one: give them a {@link CallOptions#withCallTimeout call timeout} if that must not happen.
 * Task timeouts are enforced by the members' pools. {@link PoolConfig#processes()},
 * {@code startMethod}, {@code maxTasksPerChild}, {@code initializer} and {@code jvmOptions} belong
 * to the members' own pools and are not used here.
 */
public final class ClusterPool implements ProcessPool, NotSendable {

    private static final System.Logger LOG = System.getLogger(ClusterPool.class.getName());
    private static final int CHUNKS_PER_WORKER = 4;
    private static final int STREAM_CHUNK_LIMIT = 16;

    private final HazelcastInstance hazelcast;
    private final boolean ownsHazelcast;
    private final PoolConfig config;
    private final IExecutorService executor;
    private final UUID membershipRegistration;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final Map<UUID, MemberSlot> slots = new LinkedHashMap<>();
    /** Every call not over yet. */
    private final Set<ClusterCall> calls = new LinkedHashSet<>();
    /**
     * The calls that may have chunks to send: the scheduler looks only at these, so that thousands
     * of pending single-task calls whose chunk is out cost it nothing.
     */
    private final Set<ClusterCall> active = new LinkedHashSet<>();
    private final List<Consumer<? super PoolEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    /**
     * Where replies are decoded and delivered. Hazelcast runs a future's callbacks on a new thread
     * each time when the common fork-join pool has fewer than two threads (a machine of two CPUs):
     * each reply then also built a Kryo instance of its own. These threads stay, each with its Kryo.
     */
    private final ThreadPoolExecutor replies;
    private final ClusterMetrics metrics;
    private final Functions functions = new Functions();
    private volatile boolean closed;

    private ClusterPool(HazelcastInstance hazelcast, boolean ownsHazelcast, PoolConfig config) {
        this.hazelcast = hazelcast;
        this.ownsHazelcast = ownsHazelcast;
        this.config = config;
        this.executor = hazelcast.getExecutorService(ClusterSettings.EXECUTOR_NAME);
        this.metrics = new ClusterMetrics(this::workersAlive, this::workersBusy);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mp4j-cluster-pool-timer");
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger replyThreads = new AtomicInteger();
        this.replies = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread thread = new Thread(r, "mp4j-cluster-pool-replies-" + replyThreads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, (task, pool) -> task.run());
        this.membershipRegistration = hazelcast.getCluster().addMembershipListener(new Membership());
        for (Member member : hazelcast.getCluster().getMembers()) {
            memberJoined(member);
        }
    }

    /**
     * A pool over the cluster {@code hazelcast} belongs to (a client or a member). The instance
     * stays the caller's: closing the pool does not shut it down.
     *
     * @param hazelcast a running Hazelcast client or member
     * @param config the pool's configuration (see the class description for what applies)
     * @return the pool
     */
    public static ClusterPool create(HazelcastInstance hazelcast, PoolConfig config) {
        return new ClusterPool(Objects.requireNonNull(hazelcast, "hazelcast"), false, Objects.requireNonNull(config, "config"));
    }

    /**
     * Connects a Hazelcast client to the cluster and makes a pool over it; closing the pool shuts
     * the client down.
     *
     * @param settings where the cluster is
     * @param config the pool's configuration
     * @return the pool
     */
    public static ClusterPool connect(ClusterSettings settings, PoolConfig config) {
        HazelcastInstance client = HazelcastClient.newHazelcastClient(settings.clientConfig());
        try {
            return new ClusterPool(client, true, Objects.requireNonNull(config, "config"));
        } catch (RuntimeException | Error e) {
            client.shutdown();
            throw e;
        }
    }

    /** @return the Hazelcast instance the pool sends its chunks through */
    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /**
     * One line per member that runs chunks, for monitoring (the starter tags meters with it).
     *
     * @param member the member's address and pid
     * @param workers workers of its local pool
     * @param chunksRunning chunks of this pool it holds now
     * @param tasksDone tasks of this pool it finished successfully
     * @param tasksFailed tasks of this pool that failed on it
     */
    public record MemberStats(String member, int workers, int chunksRunning, long tasksDone, long tasksFailed) {
    }

    /**
     * For tests: how many chunks each message now on its way to a member, or back, carries.
     *
     * @param pid the member's process id
     * @return one entry per message in flight
     */
    List<Integer> chunksPerMessageInFlight(long pid) {
        lock.lock();
        try {
            List<Integer> sizes = new ArrayList<>();
            for (MemberSlot slot : slots.values()) {
                if (Long.toString(pid).equals(slot.member.getAttribute(ClusterMember.PID_ATTRIBUTE))) {
                    slot.messages.forEach(message -> sizes.add(message.dispatches.size()));
                }
            }
            return sizes;
        } finally {
            lock.unlock();
        }
    }

    /** @return a snapshot of every member that runs chunks */
    public List<MemberStats> memberStats() {
        lock.lock();
        try {
            List<MemberStats> stats = new ArrayList<>();
            for (MemberSlot slot : slots.values()) {
                stats.add(new MemberStats(slot.name, slot.workers, slot.running.size(), slot.tasksDone.get(), slot.tasksFailed.get()));
            }
            return stats;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ calls

    @Override
    public <R> R apply(SerializableCallable<R> task) {
        return this.<R>applyAsync(task, CallOptions.defaults()).get();
    }

    @Override
    public <T, R> R apply(SerializableFunction<T, R> function, T argument) {
        return this.<T, R>applyAsync(function, argument, CallOptions.defaults()).get();
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
    public <R> AsyncResult<R> applyAsync(SerializableCallable<R> task, Consumer<? super R> onSuccess,
                                         Consumer<? super TaskFailedException> onError) {
        return withCallbacks(applyAsync(task, CallOptions.defaults()), onSuccess, onError);
    }

    @Override
    public <R> AsyncResult<R> applyAsync(SerializableCallable<R> task, CallOptions options) {
        Objects.requireNonNull(task, "task");
        return this.<Object, R>applyAsync(new ChunkWire.CallTask(task)::applyTyped, null, options);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T, R> AsyncResult<R> applyAsync(SerializableFunction<T, R> function, T argument, CallOptions options) {
        Objects.requireNonNull(function, "function");
        Iterator<Object> one = java.util.Collections.singletonList((Object) argument).iterator();
        return new ClusterResult<>(submit((SerializableFunction<Object, Object>) function, one,
                options, true, outcomes -> outcomes.get(0).value()));
    }

    @Override
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items) {
        return this.<T, R>mapAsync(function, items, CallOptions.defaults()).get();
    }

    @Override
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items, int chunkSize) {
        return this.<T, R>mapAsync(function, items, CallOptions.defaults().withChunkSize(chunkSize)).get();
    }

    @Override
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items) {
        return mapAsync(function, items, CallOptions.defaults());
    }

    @Override
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                                                int chunkSize, Consumer<? super List<R>> onSuccess,
                                                Consumer<? super TaskFailedException> onError) {
        AsyncResult<List<R>> result = mapAsync(function, items, CallOptions.defaults().withChunkSize(chunkSize));
        return withCallbacks(result, onSuccess, onError);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                                                CallOptions options) {
        Objects.requireNonNull(function, "function");
        return new ClusterResult<>(submit((SerializableFunction<Object, Object>) function, readAll(items).iterator(), options, true,
                ClusterPool::values));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T, R> AsyncResult<List<TaskOutcome<R>>> mapOutcomesAsync(SerializableFunction<? super T, ? extends R> function,
                                                                     Iterable<? extends T> items, CallOptions options) {
        Objects.requireNonNull(function, "function");
        return new ClusterResult<>(submit((SerializableFunction<Object, Object>) function, readAll(items).iterator(), options, false,
                outcomes -> List.copyOf(outcomes)));
    }

    @Override
    public <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> arguments, int chunkSize) {
        return this.<A, B, R>starmapAsync(function, arguments, CallOptions.defaults().withChunkSize(chunkSize)).get();
    }

    @Override
    public <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                                       Iterable<? extends Map.Entry<? extends A, ? extends B>> arguments, int chunkSize) {
        return starmapAsync(function, arguments, CallOptions.defaults().withChunkSize(chunkSize));
    }

    @Override
    public <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                                       Iterable<? extends Map.Entry<? extends A, ? extends B>> arguments,
                                                       CallOptions options) {
        return mapAsync(new Spread.Two<>(Objects.requireNonNull(function, "function")), Spread.pairs(arguments), options);
    }

    @Override
    public <A, B, C, R> AsyncResult<List<R>> starmapAsync(SerializableFunction3<? super A, ? super B, ? super C, ? extends R> function,
                                                          Iterable<?> argumentLists, CallOptions options) {
        return mapAsync(new Spread.Three<>(Objects.requireNonNull(function, "function")), Spread.lists(argumentLists, 3), options);
    }

    @Override
    public <A, B, C, D, R> AsyncResult<List<R>> starmapAsync(
            SerializableFunction4<? super A, ? super B, ? super C, ? super D, ? extends R> function, Iterable<?> argumentLists,
            CallOptions options) {
        return mapAsync(new Spread.Four<>(Objects.requireNonNull(function, "function")), Spread.lists(argumentLists, 4), options);
    }

    @Override
    public <A, B, C, D, E, R> AsyncResult<List<R>> starmapAsync(
            SerializableFunction5<? super A, ? super B, ? super C, ? super D, ? super E, ? extends R> function,
            Iterable<?> argumentLists, CallOptions options) {
        return mapAsync(new Spread.Five<>(Objects.requireNonNull(function, "function")), Spread.lists(argumentLists, 5), options);
    }

    @Override
    public <R> AsyncResult<List<R>> starmapAsync(SerializableVarargsFunction<? extends R> function, Iterable<?> argumentLists,
                                                 CallOptions options) {
        return mapAsync(new Spread.Any<>(Objects.requireNonNull(function, "function")), Spread.anyLists(argumentLists), options);
    }

    @Override
    public <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> function, Iterator<? extends T> items,
                                         int chunkSize) {
        return imap(function, items, CallOptions.defaults().withChunkSize(chunkSize));
    }

    @Override
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> function, Iterator<? extends T> items,
                                                  int chunkSize) {
        return imapUnordered(function, items, CallOptions.defaults().withChunkSize(chunkSize));
    }

    @Override
    public <T, R> ResultIterator<R> imap(SerializableFunction<? super T, ? extends R> function, Iterator<? extends T> items,
                                         CallOptions options) {
        return stream(function, items, options, true);
    }

    @Override
    public <T, R> ResultIterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> function, Iterator<? extends T> items,
                                                  CallOptions options) {
        return stream(function, items, options, false);
    }

    @SuppressWarnings("unchecked")
    private <T, R> ResultIterator<R> stream(SerializableFunction<? super T, ? extends R> function, Iterator<? extends T> items,
                                            CallOptions options, boolean ordered) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(items, "items");
        int window = Math.max(1, options.readAhead(config));
        int chunk = options.chunkSize(config) > 0 ? options.chunkSize(config)
                : Math.max(1, Math.min(STREAM_CHUNK_LIMIT, window / (CHUNKS_PER_WORKER * Math.max(1, workersAlive()))));
        ClusterCall call = builder((SerializableFunction<Object, Object>) function, options)
                .chunkSize(chunk).streaming(ordered, window).input(items).build();
        start(call, options);
        return new ClusterResultIterator<>(call, this::pump);
    }

    @Override
    public ExecutorService asExecutorService(CallOptions options) {
        return new ClusterExecutorService(this, Objects.requireNonNull(options, "options"));
    }

    private ClusterCall submit(SerializableFunction<Object, Object> function, Iterator<?> items, CallOptions options,
                               boolean failFast, java.util.function.Function<List<TaskOutcome<Object>>, Object> finisher) {
        List<Object> all = new ArrayList<>();
        items.forEachRemaining(all::add);
        int chunk = options.chunkSize(config) > 0 ? options.chunkSize(config)
                : Math.max(1, (int) Math.ceil(all.size() / (double) (CHUNKS_PER_WORKER * Math.max(1, workersAlive()))));
        ClusterCall call = builder(function, options).chunkSize(chunk).failFast(failFast).input(all.iterator())
                .finisher(finisher).build();
        start(call, options);
        return call;
    }

    private ClusterCall.Builder builder(SerializableFunction<Object, Object> function, CallOptions options) {
        return new ClusterCall.Builder().label(options.label()).function(function, functions.sent(function))
                .limits(options.retries(config), options.taskTimeout(config).toMillis(), options.priority());
    }

    private void start(ClusterCall call, CallOptions options) {
        lock.lock();
        try {
            if (closed) {
                throw new PoolClosedException("the cluster pool is closed: make a new one to run more calls", null);
            }
            calls.add(call);
            active.add(call);
        } finally {
            lock.unlock();
        }
        metrics.calls.increment();
        call.onCancel(this::cancelRunning);
        call.future().whenComplete((value, failure) -> {
            lock.lock();
            try {
                forget(call);
            } finally {
                lock.unlock();
            }
            pump();
        });
        Duration callTimeout = options.callTimeout();
        if (!callTimeout.isZero()) {
            timer.schedule(() -> {
                if (call.end(new CallTimeoutException("call '" + call.label + "' did not finish within its call timeout of "
                        + callTimeout + "; its unfinished tasks were abandoned", null))) {
                    cancelRunning(call, false);
                }
            }, callTimeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        pump();
    }

    private static Object values(List<TaskOutcome<Object>> outcomes) {
        List<Object> values = new ArrayList<>(outcomes.size());
        for (TaskOutcome<Object> outcome : outcomes) {
            values.add(outcome.value());
        }
        return java.util.Collections.unmodifiableList(values);
    }

    private static List<Object> readAll(Iterable<?> items) {
        Objects.requireNonNull(items, "items");
        List<Object> all = new ArrayList<>();
        items.forEach(all::add);
        return all;
    }

    private static <R> AsyncResult<R> withCallbacks(AsyncResult<R> result, Consumer<? super R> onSuccess,
                                                    Consumer<? super TaskFailedException> onError) {
        result.toCompletableFuture().whenComplete((value, failure) -> {
            try {
                if (failure == null && onSuccess != null) {
                    onSuccess.accept(value);
                } else if (failure != null && onError != null) {
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    if (cause instanceof TaskFailedException taskFailure) {
                        onError.accept(taskFailure);
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a callback of a cluster pool call threw an exception", e);
            }
        });
        return result;
    }

    // ------------------------------------------------------------------ scheduling

    /**
     * Gives chunks to members while some member has room and some call has work, then sends what
     * the members' outboxes hold as far as their message limits allow (see {@link MemberSlot}).
     */
    void pump() {
        while (true) {
            MemberSlot slot;
            ClusterCall call;
            MemberSlot.Dispatch reserved;
            lock.lock();
            try {
                forgetFinishedCalls();
                Map<TaskTime, MemberSlot> room = new HashMap<>();
                call = nextCall(room);
                slot = call == null ? null : room.get(call.time);
                if (slot == null) {
                    break;
                }
                call.chunksSent++;
                reserved = new MemberSlot.Dispatch(null, slot, null);
                slot.running.add(reserved);
            } finally {
                lock.unlock();
            }
            ClusterCall.Chunk chunk = call.takeChunk();
            release(reserved);
            if (chunk != null) {
                enqueue(chunk, slot);
            }
        }
        flush();
    }

    /** Under the lock: drops the active calls that are over, and those that have sent all their chunks. */
    private void forgetFinishedCalls() {
        for (Iterator<ClusterCall> it = active.iterator(); it.hasNext();) {
            ClusterCall call = it.next();
            if (call.isOver()) {
                it.remove();
                forget(call);
            } else if (call.allSent()) {
                it.remove();
            }
        }
    }

    /** Under the lock: a call is over. */
    private void forget(ClusterCall call) {
        active.remove(call);
        if (calls.remove(call)) {
            metrics.calls.reset();
            metrics.calls.add(calls.size());
            idle.signalAll();
        }
    }

    /** A chunk goes back to its call, to be sent again: the call has work again. */
    private void resend(ClusterCall.Chunk chunk) {
        chunk.call().resend(chunk);
        lock.lock();
        try {
            if (calls.contains(chunk.call())) {
                active.add(chunk.call());
            }
        } finally {
            lock.unlock();
        }
    }

    private MemberSlot freestMember(double nanosPerTask) {
        MemberSlot best = null;
        for (MemberSlot slot : slots.values()) {
            if (slot.canTake(nanosPerTask) && (best == null || slot.free() > best.free())) {
                best = slot;
            }
        }
        return best;
    }

    /**
     * Under the lock: the call whose turn it is among those with work that some member has room
     * for (a call of long or not yet measured tasks must not hold back one of short tasks, for which
     * members have a wider window).
     *
     * @param room filled with the member chosen for each task time looked at
     */
    private ClusterCall nextCall(Map<TaskTime, MemberSlot> room) {
        ClusterCall best = null;
        for (ClusterCall call : active) {
            if ((best == null || call.chunksSent * best.priority < best.chunksSent * call.priority) && call.hasWork()
                    && memberFor(call.time, room) != null) {
                best = call;
            }
        }
        return best;
    }

    /** Under the lock: the freest member with room for tasks of this time, looked for once per pass ({@code null} too). */
    private MemberSlot memberFor(TaskTime time, Map<TaskTime, MemberSlot> room) {
        if (!room.containsKey(time)) {
            room.put(time, freestMember(time.nanosPerTask()));
        }
        return room.get(time);
    }

    /** Encodes a chunk (outside the lock) and puts it in its member's outbox. */
    private void enqueue(ClusterCall.Chunk chunk, MemberSlot slot) {
        byte[] request;
        try {
            request = ObjectCodec.encode(new ChunkWire.Request(chunk.call().functionBytes, chunk.items(),
                    chunk.call().taskTimeoutMillis, chunk.call().label));
        } catch (RuntimeException e) {
            failChunk(chunk, new TaskFailedException("the " + chunk.describe() + " cannot be sent to a member: " + e.getMessage(), e));
            return;
        }
        MemberSlot.Dispatch dispatch = new MemberSlot.Dispatch(chunk, slot, request);
        lock.lock();
        try {
            if (!slot.lost) {
                slot.running.add(dispatch);
                slot.runningTasks += chunk.items().length;
                slot.outbox.add(dispatch);
                dispatch = null;
            }
        } finally {
            lock.unlock();
        }
        if (dispatch != null) {
            resend(new ClusterCall.Chunk(chunk.call(), chunk.first(), chunk.items(), chunk.attempt() - 1));
        }
    }

    /** Sends each member's outbox as messages while the member may have more on their way. */
    private void flush() {
        List<MemberSlot.Message> ready = new ArrayList<>();
        lock.lock();
        try {
            for (MemberSlot slot : slots.values()) {
                while (slot.messages.size() < slot.maxMessages()) {
                    List<MemberSlot.Dispatch> batch = slot.nextBatch();
                    if (batch.isEmpty()) {
                        break;
                    }
                    MemberSlot.Message message = new MemberSlot.Message(batch);
                    slot.messages.add(message);
                    ready.add(message);
                }
            }
        } finally {
            lock.unlock();
        }
        for (MemberSlot.Message message : ready) {
            send(message);
        }
    }

    private void send(MemberSlot.Message message) {
        MemberSlot slot = message.dispatches.get(0).slot;
        byte[][] requests = new byte[message.dispatches.size()][];
        for (int i = 0; i < requests.length; i++) {
            MemberSlot.Dispatch dispatch = message.dispatches.get(i);
            dispatch.message = message;
            requests[i] = dispatch.request;
            metrics.sent.add(dispatch.request.length);
            metrics.inFlight.add(dispatch.chunk.items().length);
        }
        metrics.messages.increment();
        try {
            Future<byte[][]> future = executor.submitToMember(new ChunkTask(requests), slot.member);
            message.future = future;
            // Hazelcast 5's executor futures are CompletableFutures, member and client alike
            ((CompletionStage<?>) future).whenCompleteAsync((reply, failure) -> answered(message, (byte[][]) reply, failure), replies);
        } catch (RuntimeException e) {
            answered(message, null, e);
        }
    }

    /** A message's reply (or failure) settles each of its chunks, then frees its place for the next. */
    private void answered(MemberSlot.Message message, byte[][] replies, Throwable failure) {
        MemberSlot slot = message.dispatches.get(0).slot;
        lock.lock();
        try {
            slot.messages.remove(message);
        } finally {
            lock.unlock();
        }
        try {
            int tasksBefore = 0;
            for (int i = 0; i < message.dispatches.size(); i++) {
                MemberSlot.Dispatch dispatch = message.dispatches.get(i);
                tasksBefore += dispatch.chunk.items().length;
                if (failure == null && (replies == null || replies.length != message.dispatches.size())) {
                    failure = new IllegalStateException("the member answered " + message.dispatches.size() + " chunks with "
                            + (replies == null ? "nothing" : replies.length + " replies"));
                }
                settle(dispatch, failure == null ? replies[i] : null, failure, tasksBefore);
            }
        } finally {
            pump();
        }
    }

    /**
     * @param tasksBefore tasks of the message up to and including this chunk's: the member ran them
     *     all at once, so this chunk's time covers them, spread over as many of the member's workers
     */
    private void settle(MemberSlot.Dispatch dispatch, byte[] reply, Throwable failure, int tasksBefore) {
        if (!dispatch.settle()) {
            return;
        }
        release(dispatch);
        ClusterCall.Chunk chunk = dispatch.chunk;
        metrics.inFlight.add(-chunk.items().length);
        try {
            if (failure == null) {
                long nanos = receive(dispatch, reply);
                if (nanos > 0) {
                    // the tasks so far kept min(workers, tasks) workers busy for that long
                    chunk.call().time.sample((double) nanos * Math.min(dispatch.slot.workers, tasksBefore) / tasksBefore);
                }
            } else {
                failed(dispatch, failure);
            }
        } catch (RuntimeException e) {
            failChunk(chunk, new TaskFailedException("the reply to the " + chunk.describe() + " cannot be read: " + e, e));
        }
    }

    private void release(MemberSlot.Dispatch dispatch) {
        lock.lock();
        try {
            if (dispatch.slot.running.remove(dispatch) && dispatch.chunk != null) {
                dispatch.slot.runningTasks -= dispatch.chunk.items().length;
            }
        } finally {
            lock.unlock();
        }
    }

    /** @return how long after the member received the chunk it was done, 0 if it could not run it */
    private long receive(MemberSlot.Dispatch dispatch, byte[] bytes) {
        ClusterCall.Chunk chunk = dispatch.chunk;
        metrics.received.add(bytes.length);
        ChunkWire.Reply reply = (ChunkWire.Reply) ObjectCodec.decode(bytes);
        if (reply.error() != null) {
            failChunk(chunk, new TaskFailedException(reply.error(), null));
            return 0;
        }
        List<TaskOutcome<Object>> outcomes = new ArrayList<>(reply.values().length);
        int failures = 0;
        for (int i = 0; i < reply.values().length; i++) {
            TaskFailedException failure = reply.failures()[i];
            if (failure == null) {
                outcomes.add(TaskOutcome.success(reply.values()[i]));
            } else {
                failures++;
                if (failure instanceof TaskTimeoutException) {
                    metrics.timedOut.increment();
                }
                outcomes.add(TaskOutcome.failure(failure));
            }
        }
        metrics.completed.add(outcomes.size() - failures);
        metrics.failed.add(failures);
        metrics.taskNanos.add(reply.nanos());
        dispatch.slot.tasksDone.addAndGet(outcomes.size() - failures);
        dispatch.slot.tasksFailed.addAndGet(failures);
        chunk.call().deliver(chunk, outcomes);
        publish(new PoolEvent.ChunkCompleted(outcomes.size(), failures, reply.nanos(), chunk.call().label));
        return reply.nanos();
    }

    private void failed(MemberSlot.Dispatch dispatch, Throwable failure) {
        Throwable cause = failure instanceof CompletionException || failure instanceof ExecutionException
                ? failure.getCause() : failure;
        ClusterCall.Chunk chunk = dispatch.chunk;
        if (cause instanceof CancellationException || chunk.call().isOver()) {
            return;
        }
        if (!hazelcast.getLifecycleService().isRunning()) {
            terminateCalls(new PoolClosedException("the Hazelcast instance of the cluster pool was shut down", cause));
        } else if (memberLost(cause)) {
            if (cause instanceof TargetNotMemberException || cause instanceof MemberLeftException) {
                // gone for good: the retry must not go back to it before its membership event arrives
                // (a member whose link was cut fails every send at once, which spent all the retries on it)
                lock.lock();
                try {
                    dispatch.slot.lost = true;
                } finally {
                    lock.unlock();
                }
            }
            lostChunk(chunk, dispatch.slot, cause.toString());
        } else {
            failChunk(chunk, new TaskFailedException("member " + dispatch.slot.name + " failed to run the " + chunk.describe()
                    + ": " + cause, cause));
        }
    }

    private static boolean memberLost(Throwable cause) {
        return cause instanceof MemberLeftException || cause instanceof TargetNotMemberException
                || cause instanceof TargetDisconnectedException || cause instanceof HazelcastInstanceNotActiveException
                || cause instanceof RejectedExecutionException;
    }

    /** A chunk's member is gone: send it again within its retries, or fail its tasks. */
    private void lostChunk(ClusterCall.Chunk chunk, MemberSlot slot, String why) {
        if (chunk.attempt() < chunk.call().retries) {
            metrics.retried.add(chunk.items().length);
            LOG.log(System.Logger.Level.INFO, "member {0} was lost ({1}); sending the {2} to another member",
                    slot.name, why, chunk.describe());
            resend(chunk);
        } else {
            failChunk(chunk, new WorkerDiedException("member " + slot.name + " was lost (" + why + ") while it ran the "
                    + chunk.describe() + ", after " + chunk.attempt() + " retries; allow retries (PoolConfig.retries,"
                    + " CallOptions.withRetries) to run them on another member", null));
        }
    }

    private void failChunk(ClusterCall.Chunk chunk, TaskFailedException failure) {
        List<TaskOutcome<Object>> outcomes = new ArrayList<>(chunk.items().length);
        for (int i = 0; i < chunk.items().length; i++) {
            outcomes.add(TaskOutcome.failure(failure));
        }
        metrics.failed.add(chunk.items().length);
        chunk.call().deliver(chunk, outcomes);
        publish(new PoolEvent.ChunkCompleted(chunk.items().length, chunk.items().length, 0, chunk.call().label));
    }

    private void cancelRunning(ClusterCall call, boolean mayInterruptIfRunning) {
        java.util.Set<MemberSlot.Message> messages = new java.util.HashSet<>();
        lock.lock();
        try {
            for (MemberSlot slot : slots.values()) {
                for (MemberSlot.Dispatch dispatch : slot.running) {
                    if (dispatch.chunk != null && dispatch.chunk.call() == call && dispatch.message != null) {
                        messages.add(dispatch.message);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        for (MemberSlot.Message message : messages) {
            // a message that also carries chunks of calls still running goes on: their results are wanted
            boolean allOver = message.dispatches.stream().allMatch(d -> d.chunk.call().isOver());
            Future<byte[][]> future = message.future;
            if (mayInterruptIfRunning && allOver && future != null) {
                future.cancel(true);
            }
        }
        pump();
    }

    // ------------------------------------------------------------------ membership

    private void memberJoined(Member member) {
        int workers = MemberSlot.workersOf(member);
        if (workers <= 0) {
            return;
        }
        MemberSlot slot = new MemberSlot(member, workers);
        lock.lock();
        try {
            if (slots.putIfAbsent(member.getUuid(), slot) != null) {
                return;
            }
        } finally {
            lock.unlock();
        }
        metrics.membersJoined.add(workers);
        LOG.log(System.Logger.Level.DEBUG, "member {0} with {1} workers takes chunks", slot.name, workers);
        // chunks first, so that listeners hearing of the member see it at work if there is work
        pump();
        publish(new PoolEvent.WorkerStarted(slot.info()));
    }

    private void memberLeft(Member member) {
        List<MemberSlot.Dispatch> lost;
        MemberSlot slot;
        lock.lock();
        try {
            slot = slots.remove(member.getUuid());
            if (slot == null) {
                return;
            }
            slot.lost = true;
            lost = new ArrayList<>(slot.running);
        } finally {
            lock.unlock();
        }
        if (!closed) {
            metrics.membersLost.add(slot.workers);
        }
        publish(new PoolEvent.WorkerExited(slot.info(), 0, !closed, "left the cluster"));
        for (MemberSlot.Dispatch dispatch : lost) {
            if (dispatch.chunk != null && dispatch.settle()) {
                release(dispatch);
                metrics.inFlight.add(-dispatch.chunk.items().length);
                if (!dispatch.chunk.call().isOver()) {
                    lostChunk(dispatch.chunk, slot, "it left the cluster");
                }
            }
        }
        pump();
    }

    /** Follows the cluster's members. */
    private final class Membership implements MembershipListener {

        @Override
        public void memberAdded(MembershipEvent event) {
            memberJoined(event.getMember());
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
            memberLeft(event.getMember());
        }
    }

    // ------------------------------------------------------------------ events

    private void publish(PoolEvent event) {
        for (Consumer<? super PoolEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a listener of the cluster pool threw an exception on " + event, e);
            }
        }
    }

    @Override
    public void addListener(Consumer<? super PoolEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public boolean removeListener(Consumer<? super PoolEvent> listener) {
        return listeners.remove(listener);
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void shutdown() {
        closed = true;
    }

    @Override
    public void close() {
        shutdown();
        join();
    }

    @Override
    public void terminate() {
        closed = true;
        terminateCalls(new PoolClosedException("the cluster pool was terminated; its unfinished calls were abandoned", null));
    }

    private void terminateCalls(PoolClosedException failure) {
        List<ClusterCall> unfinished;
        lock.lock();
        try {
            unfinished = new ArrayList<>(calls);
        } finally {
            lock.unlock();
        }
        for (ClusterCall call : unfinished) {
            if (call.end(failure)) {
                cancelRunning(call, true);
            }
        }
        pump();
    }

    @Override
    public void join() {
        lock.lock();
        try {
            while (!drained()) {
                idle.await(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MpInterruptedException("the cluster pool's calls to finish", e);
        } finally {
            lock.unlock();
        }
        release();
    }

    @Override
    public boolean join(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!drained()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MpInterruptedException("the cluster pool's calls to finish", e);
        } finally {
            lock.unlock();
        }
        release();
        return true;
    }

    private boolean drained() {
        if (!closed) {
            return false;
        }
        forgetFinishedCalls();
        return calls.isEmpty();
    }

    private void release() {
        timer.shutdownNow();
        replies.shutdown();
        if (!hazelcast.getLifecycleService().isRunning()) {
            return;
        }
        hazelcast.getCluster().removeMembershipListener(membershipRegistration);
        if (ownsHazelcast) {
            hazelcast.shutdown();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public PoolConfig config() {
        return config;
    }

    @Override
    public PoolMetrics metrics() {
        return metrics;
    }

    @Override
    public List<WorkerInfo> workers() {
        lock.lock();
        try {
            List<WorkerInfo> workers = new ArrayList<>();
            for (MemberSlot slot : slots.values()) {
                workers.add(slot.info());
            }
            return workers;
        } finally {
            lock.unlock();
        }
    }

    private int workersAlive() {
        lock.lock();
        try {
            return slots.values().stream().mapToInt(slot -> slot.workers).sum();
        } finally {
            lock.unlock();
        }
    }

    private int workersBusy() {
        lock.lock();
        try {
            return slots.values().stream().mapToInt(slot -> Math.min(slot.workers, slot.running.size())).sum();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String whyNotSendable() {
        return "a ClusterPool belongs to the JVM that created it (its Hazelcast client or member) and cannot be sent to"
                + " another process: send the tasks' inputs instead, for example through a ClusterQueue that a thread of"
                + " the pool's owner feeds to the pool; another JVM can also create a ClusterPool of its own on the same cluster";
    }

    @Override
    public String toString() {
        return "ClusterPool[" + hazelcast.getConfig().getClusterName() + ", " + workersAlive() + " workers]";
    }
}
