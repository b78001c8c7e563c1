package io.github.mp4j;

import io.github.mp4j.connection.Pipe;
import io.github.mp4j.function.SerializableBiConsumer;
import io.github.mp4j.function.SerializableConsumer;
import io.github.mp4j.function.SerializableRunnable;
import io.github.mp4j.manager.Manager;
import io.github.mp4j.manager.ManagerOptions;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.queue.JoinableProcessQueue;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.queue.SimpleProcessQueue;
import io.github.mp4j.runtime.ProcessInfo;
import io.github.mp4j.runtime.StartMethod;
import io.github.mp4j.shared.ShareableList;
import io.github.mp4j.shared.SharedMemory;
import io.github.mp4j.shared.DoubleArray;
import io.github.mp4j.shared.DoubleValue;
import io.github.mp4j.shared.IntArray;
import io.github.mp4j.shared.IntValue;
import io.github.mp4j.shared.LongArray;
import io.github.mp4j.shared.LongValue;
import io.github.mp4j.sync.Barrier;
import io.github.mp4j.sync.BoundedSemaphore;
import io.github.mp4j.sync.Condition;
import io.github.mp4j.sync.Event;
import io.github.mp4j.sync.Lock;
import io.github.mp4j.sync.Lockable;
import io.github.mp4j.sync.RLock;
import io.github.mp4j.sync.Semaphore;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The front door of mp4j: Python's {@code multiprocessing} module functions, in one place.
 *
 * <pre>{@code
 * ProcessQueue<Object> q = Mp.queue();
 * ChildProcess p = Mp.process(() -> q.put(List.of(42, "hello")));
 * p.start();
 * System.out.println(q.get());   // [42, hello]
 * p.join();
 * }</pre>
 *
 * <p>Every function here goes through the {@linkplain MpContext#defaultContext() default context}:
 * child JVMs, unless the system property {@value MpContext#START_METHOD_PROPERTY} (or the
 * environment variable {@value MpContext#START_METHOD_ENV}) says {@code threads}. For another
 * start method in the same program, take its context: {@code Mp.context(StartMethod.THREADS)}.
 */
public final class Mp {

    private Mp() {
    }

    /** @return the default context, which every function here uses */
    public static MpContext context() {
        return MpContext.defaultContext();
    }

    /**
     * @param method the start method
     * @return the context whose processes, queues and pools use it
     */
    public static MpContext context(StartMethod method) {
        return MpContext.of(method);
    }

    /**
     * @param target what the child runs; a lambda written here is serializable
     * @return a process, not yet started
     */
    public static ChildProcess process(SerializableRunnable target) {
        return context().process(target);
    }

    /**
     * @param <A> the argument's type
     * @param target what the child runs
     * @param argument its argument
     * @return a process running {@code target.accept(argument)}, not yet started
     */
    public static <A> ChildProcess process(SerializableConsumer<A> target, A argument) {
        return context().process(target, argument);
    }

    /**
     * @param <A> the first argument's type
     * @param <B> the second argument's type
     * @param target what the child runs
     * @param first its first argument
     * @param second its second argument
     * @return a process running {@code target.accept(first, second)}, not yet started
     */
    public static <A, B> ChildProcess process(SerializableBiConsumer<A, B> target, A first, B second) {
        return context().process(target, first, second);
    }

    /**
     * @param <T> the items' type
     * @return an unbounded queue that any process holding it can use
     */
    public static <T> ProcessQueue<T> queue() {
        return context().queue();
    }

    /**
     * @param <T> the items' type
     * @param maxSize the most items it holds (0: unbounded)
     * @return a bounded queue
     */
    public static <T> ProcessQueue<T> queue(int maxSize) {
        return context().queue(maxSize);
    }

    /**
     * @param <T> the items' type
     * @return a simple queue (put, get, isEmpty, close)
     */
    public static <T> SimpleProcessQueue<T> simpleQueue() {
        return context().simpleQueue();
    }

    /**
     * @param <T> the items' type
     * @return an unbounded queue with taskDone and join
     */
    public static <T> JoinableProcessQueue<T> joinableQueue() {
        return context().joinableQueue();
    }

    /**
     * @param <T> the items' type
     * @param maxSize the most items it holds (0: unbounded)
     * @return a bounded queue with taskDone and join
     */
    public static <T> JoinableProcessQueue<T> joinableQueue(int maxSize) {
        return context().joinableQueue(maxSize);
    }

    /** @return a two-way pipe */
    public static Pipe pipe() {
        return context().pipe();
    }

    /**
     * @param duplex {@code false} for a one-way pipe whose left end receives and right end sends
     * @return a pipe
     */
    public static Pipe pipe(boolean duplex) {
        return context().pipe(duplex);
    }

    /**
     * @param processes the number of workers
     * @return a running pool, otherwise configured by default; close it when done
     */
    public static ProcessPool pool(int processes) {
        return context().pool(processes);
    }

    /**
     * Configures and starts a pool: {@code Mp.pool(pool -> pool.processes(4).maxTasksPerChild(100))}.
     *
     * @param configuration sets what differs from the defaults on a builder that has the default
     *     context's start method (a start method it sets wins)
     * @return a running pool; close it when done
     */
    public static ProcessPool pool(Consumer<PoolConfig.Builder> configuration) {
        return context().pool(configuration);
    }

    /**
     * Creates shared memory with a fresh name (Python's {@code SharedMemory(create=True, size=size)}).
     * It works the same with every start method.
     *
     * @param size its size in bytes, at least 1
     * @return the creating handle; its {@code close()} unmaps and unlinks it unless {@linkplain SharedMemory#keep() kept}
     */
    public static SharedMemory sharedMemory(long size) {
        return SharedMemory.create(size);
    }

    /**
     * Creates named shared memory (Python's {@code SharedMemory(name, create=True, size=size)}).
     *
     * @param name 1 to 200 characters of {@code A-Z a-z 0-9 _ . -}
     * @param size its size in bytes, at least 1
     * @return the creating handle; its {@code close()} unmaps and unlinks it unless {@linkplain SharedMemory#keep() kept}
     */
    public static SharedMemory sharedMemory(String name, long size) {
        return SharedMemory.create(name, size);
    }

    /**
     * Attaches to shared memory by name (Python's {@code SharedMemory(name)}).
     *
     * @param name the name it was created with
     * @return a handle whose {@code close()} only unmaps
     */
    public static SharedMemory attachSharedMemory(String name) {
        return SharedMemory.attach(name);
    }

    /**
     * Creates a fixed-length list in shared memory (Python's {@code ShareableList(sequence)}).
     *
     * @param items numbers, booleans, strings, byte arrays and nulls
     * @return the creating handle; its {@code close()} unmaps and unlinks it unless kept
     */
    public static ShareableList shareableList(List<?> items) {
        return ShareableList.create(items);
    }

    /**
     * Starts a manager in a child JVM of its own (Python's {@code multiprocessing.Manager()}); close
     * it when done. See {@link Manager}.
     *
     * @return the running manager
     */
    public static Manager manager() {
        return Manager.start();
    }

    /**
     * Starts a manager: in a child JVM or in this one, on an address, with a key.
     *
     * @param options how to start it
     * @return the running manager; close it when done
     */
    public static Manager manager(ManagerOptions options) {
        return Manager.start(options);
    }

    /** @return this process's identity (name, pid, daemon flag) */
    public static ProcessInfo currentProcess() {
        return context().currentProcess();
    }

    /** @return the process that started this one, if mp4j started it */
    public static Optional<ProcessInfo> parentProcess() {
        return context().parentProcess();
    }

    /** @return this process's children that are still running */
    public static List<ChildProcess> activeChildren() {
        return context().activeChildren();
    }

    /**
     * The number of CPUs this process may use: the JVM's count already honours CPU affinity
     * ({@code taskset}) and container CPU quotas (cgroups), unlike Python's {@code os.cpu_count()}.
     *
     * @return the usable CPU count, at least 1
     */
    public static int cpuCount() {
        return context().cpuCount();
    }

    // ---- synchronization primitives and shared values (sync, shared) ----

    /** @return a new lock any process holding it can take ({@link Lock}; Python's {@code Lock()}) */
    public static Lock lock() {
        return Lock.create();
    }

    /** @return a new recursive lock ({@link RLock}; Python's {@code RLock()}) */
    public static RLock rlock() {
        return RLock.create();
    }

    /**
     * @param permits the permits it starts with
     * @return a new semaphore ({@link Semaphore}; Python's {@code Semaphore(n)})
     */
    public static Semaphore semaphore(int permits) {
        return Semaphore.create(permits);
    }

    /**
     * @param permits the permits it starts with, and the most it may have
     * @return a new bounded semaphore ({@link BoundedSemaphore}; Python's {@code BoundedSemaphore(n)})
     */
    public static BoundedSemaphore boundedSemaphore(int permits) {
        return BoundedSemaphore.create(permits);
    }

    /** @return a new condition over a new recursive lock ({@link Condition}; Python's {@code Condition()}) */
    public static Condition condition() {
        return Condition.create(RLock.create());
    }

    /**
     * @param lock the lock it waits with
     * @return a new condition over that lock (Python's {@code Condition(lock)})
     */
    public static Condition condition(Lockable lock) {
        return Condition.create(lock);
    }

    /** @return a new, clear event ({@link Event}; Python's {@code Event()}) */
    public static Event event() {
        return Event.create();
    }

    /**
     * @param parties how many parties must arrive
     * @return a new barrier ({@link Barrier}; Python's {@code Barrier(n)})
     */
    public static Barrier barrier(int parties) {
        return Barrier.create(parties, null);
    }

    /**
     * @param parties how many parties must arrive
     * @param action run by the last party to arrive, before the others are released
     * @return a new barrier (Python's {@code Barrier(n, action)})
     */
    public static Barrier barrier(int parties, SerializableRunnable action) {
        return Barrier.create(parties, action);
    }

    /**
     * @param initial its value
     * @return a new shared int with a lock (Python's {@code Value('i', initial)})
     */
    public static IntValue value(int initial) {
        return IntValue.create(initial, true);
    }

    /**
     * @param initial its value
     * @return a new shared long with a lock (Python's {@code Value('q', initial)})
     */
    public static LongValue value(long initial) {
        return LongValue.create(initial, true);
    }

    /**
     * @param initial its value
     * @return a new shared double with a lock (Python's {@code Value('d', initial)})
     */
    public static DoubleValue value(double initial) {
        return DoubleValue.create(initial, true);
    }

    /**
     * @param initial its value
     * @return a new shared int without a lock, with lock-free atomics (Python's {@code RawValue('i', initial)})
     */
    public static IntValue rawValue(int initial) {
        return IntValue.create(initial, false);
    }

    /**
     * @param initial its value
     * @return a new shared long without a lock, with lock-free atomics
     */
    public static LongValue rawValue(long initial) {
        return LongValue.create(initial, false);
    }

    /**
     * @param initial its value
     * @return a new shared double without a lock, with lock-free atomics
     */
    public static DoubleValue rawValue(double initial) {
        return DoubleValue.create(initial, false);
    }

    /**
     * @param initial its elements, copied in
     * @return a new shared int array with a lock (Python's {@code Array('i', initial)})
     */
    public static IntArray array(int[] initial) {
        return IntArray.create(initial, true);
    }

    /**
     * @param initial its elements, copied in
     * @return a new shared long array with a lock
     */
    public static LongArray array(long[] initial) {
        return LongArray.create(initial, true);
    }

    /**
     * @param initial its elements, copied in
     * @return a new shared double array with a lock (Python's {@code Array('d', initial)})
     */
    public static DoubleArray array(double[] initial) {
        return DoubleArray.create(initial, true);
    }

    /**
     * @param initial its elements, copied in
     * @return a new shared int array without a lock (Python's {@code RawArray('i', initial)})
     */
    public static IntArray rawArray(int[] initial) {
        return IntArray.create(initial, false);
    }

    /**
     * @param initial its elements, copied in
     * @return a new shared long array without a lock
     */
    public static LongArray rawArray(long[] initial) {
        return LongArray.create(initial, false);
    }

    /**
     * @param initial its elements, copied in
     * @return a new shared double array without a lock (Python's {@code RawArray('d', initial)})
     */
    public static DoubleArray rawArray(double[] initial) {
        return DoubleArray.create(initial, false);
    }
}
