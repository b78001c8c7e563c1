package io.github.mp4j;

import io.github.mp4j.connection.Pipe;
import io.github.mp4j.function.SerializableBiConsumer;
import io.github.mp4j.function.SerializableConsumer;
import io.github.mp4j.function.SerializableRunnable;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.queue.JoinableProcessQueue;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.queue.Queues;
import io.github.mp4j.queue.SimpleProcessQueue;
import io.github.mp4j.runtime.CurrentProcess;
import io.github.mp4j.runtime.ProcessInfo;
import io.github.mp4j.runtime.StartMethod;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The composition root of mp4j (Python's {@code multiprocessing.get_context(method)}): one start
 * method, chosen once, given to every process, queue and pool the context creates.
 *
 * <pre>{@code
 * MpContext threads = MpContext.threads();          // or MpContext.jvm(), MpContext.of(method)
 * ProcessQueue<String> queue = threads.queue();
 * ChildProcess child = threads.process(() -> queue.put("hello"));
 * child.start();
 * System.out.println(queue.get());
 * child.join();
 * try (ProcessPool pool = threads.pool(4)) {
 *     System.out.println(pool.map(x -> x * x, List.of(1, 2, 3)));
 * }
 * }</pre>
 *
 * <p>What each start method means, concept by concept (each concept maps it to its own strategy
 * once, when the object is created):
 * <table>
 *   <caption>start methods</caption>
 *   <tr><th></th><th>{@link StartMethod#JVM}</th><th>{@link StartMethod#THREADS}</th></tr>
 *   <tr><td>process</td><td>a child JVM; the target is serialized</td>
 *       <td>a thread of this JVM; the target runs as it is (see {@link ChildProcess})</td></tr>
 *   <tr><td>queue</td><td>shared by processes; items are serialized</td>
 *       <td>shared by this JVM's threads; items are kept as they are (see {@link Queues})</td></tr>
 *   <tr><td>pool</td><td>worker JVMs</td><td>worker threads, tasks and results passed as they are</td></tr>
 *   <tr><td>pipe</td><td colspan="2">the same local pipes, which work within one JVM as well as between
 *       processes; what is sent is serialized in both</td></tr>
 * </table>
 *
 * <p>The {@linkplain #defaultContext() default context}, which {@link Mp}'s functions use, starts
 * JVMs unless the system property {@value #START_METHOD_PROPERTY} or, if that is not set, the
 * environment variable {@value #START_METHOD_ENV} says {@code threads}. It is read once, at the
 * first use. Contexts are immutable and may be shared by any number of threads.
 */
public final class MpContext {

    /** The system property that chooses the default context's start method: {@code jvm} or {@code threads}. */
    public static final String START_METHOD_PROPERTY = "mp4j.start.method";
    /** The environment variable read when {@link #START_METHOD_PROPERTY} is not set. */
    public static final String START_METHOD_ENV = "MP4J_START_METHOD";

    private static final MpContext JVM = new MpContext(StartMethod.JVM);
    private static final MpContext THREADS = new MpContext(StartMethod.THREADS);

    /** Read at the first use; threads racing to it compute the same context. */
    private static volatile MpContext defaultContext;

    private final StartMethod startMethod;

    private MpContext(StartMethod startMethod) {
        this.startMethod = startMethod;
    }

    /**
     * @param method the start method
     * @return the context for it
     */
    public static MpContext of(StartMethod method) {
        return switch (Objects.requireNonNull(method, "startMethod")) {
            case JVM -> JVM;
            case THREADS -> THREADS;
        };
    }

    /** @return the context whose processes and pool workers are JVMs of their own (Python's {@code spawn}) */
    public static MpContext jvm() {
        return JVM;
    }

    /** @return the context whose processes and pool workers are threads of this JVM (Python's {@code multiprocessing.dummy}) */
    public static MpContext threads() {
        return THREADS;
    }

    /**
     * @return the context {@link Mp} uses: {@link #jvm()} unless {@value #START_METHOD_PROPERTY} or
     *     {@value #START_METHOD_ENV} says {@code threads}
     * @throws IllegalArgumentException if the property or variable has another value
     */
    public static MpContext defaultContext() {
        MpContext context = defaultContext;
        if (context == null) {
            context = of(startMethodOf(System.getProperty(START_METHOD_PROPERTY), System.getenv(START_METHOD_ENV)));
            defaultContext = context;
        }
        return context;
    }

    /**
     * Chooses the start method a setting names, as {@link #defaultContext()} does.
     *
     * @param property the value of {@value #START_METHOD_PROPERTY}, or {@code null}
     * @param environment the value of {@value #START_METHOD_ENV}, or {@code null}
     * @return the start method named (the property wins), {@link StartMethod#JVM} if neither is set
     * @throws IllegalArgumentException if the winning value names no start method
     */
    static StartMethod startMethodOf(String property, String environment) {
        String source = property != null ? START_METHOD_PROPERTY : START_METHOD_ENV;
        String value = property != null ? property : environment;
        if (value == null || value.isBlank()) {
            return StartMethod.JVM;
        }
        try {
            return StartMethod.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " must be jvm or threads, was '" + value + "'", e);
        }
    }

    /** @return how this context's processes and pool workers are started */
    public StartMethod startMethod() {
        return startMethod;
    }

    /**
     * @param target what the process runs
     * @return a process, not yet started
     */
    public ChildProcess process(SerializableRunnable target) {
        return ChildProcess.builder(target).startMethod(startMethod).build();
    }

    /**
     * @param <A> the argument's type
     * @param target what the process runs
     * @param argument its argument
     * @return a process running {@code target.accept(argument)}, not yet started
     */
    public <A> ChildProcess process(SerializableConsumer<A> target, A argument) {
        return ChildProcess.builder(target, argument).startMethod(startMethod).build();
    }

    /**
     * @param <A> the first argument's type
     * @param <B> the second argument's type
     * @param target what the process runs
     * @param first its first argument
     * @param second its second argument
     * @return a process running {@code target.accept(first, second)}, not yet started
     */
    public <A, B> ChildProcess process(SerializableBiConsumer<A, B> target, A first, B second) {
        return ChildProcess.builder(target, first, second).startMethod(startMethod).build();
    }

    /**
     * @param target what the process runs
     * @return a builder (name, daemon flag...) for a process of this context
     */
    public ChildProcess.Builder processBuilder(SerializableRunnable target) {
        return ChildProcess.builder(target).startMethod(startMethod);
    }

    /**
     * @param <T> the items' type
     * @return an unbounded queue for this context's processes
     */
    public <T> ProcessQueue<T> queue() {
        return Queues.queue(startMethod, 0);
    }

    /**
     * @param <T> the items' type
     * @param maxSize the most items it holds (0: unbounded)
     * @return a bounded queue
     */
    public <T> ProcessQueue<T> queue(int maxSize) {
        return Queues.queue(startMethod, maxSize);
    }

    /**
     * @param <T> the items' type
     * @return a simple queue (put, get, isEmpty, close)
     */
    public <T> SimpleProcessQueue<T> simpleQueue() {
        return Queues.simpleQueue(startMethod);
    }

    /**
     * @param <T> the items' type
     * @return an unbounded queue with taskDone and join
     */
    public <T> JoinableProcessQueue<T> joinableQueue() {
        return Queues.joinableQueue(startMethod, 0);
    }

    /**
     * @param <T> the items' type
     * @param maxSize the most items it holds (0: unbounded)
     * @return a bounded queue with taskDone and join
     */
    public <T> JoinableProcessQueue<T> joinableQueue(int maxSize) {
        return Queues.joinableQueue(startMethod, maxSize);
    }

    /** @return a two-way pipe (the same in every context) */
    public Pipe pipe() {
        return Pipe.open(true);
    }

    /**
     * @param duplex {@code false} for a one-way pipe whose left end receives and right end sends
     * @return a pipe (the same in every context)
     */
    public Pipe pipe(boolean duplex) {
        return Pipe.open(duplex);
    }

    /**
     * @param processes the number of workers
     * @return a running pool of this context's workers, otherwise configured by default
     */
    public ProcessPool pool(int processes) {
        return ProcessPool.create(PoolConfig.custom().processes(processes).startMethod(startMethod).build());
    }

    /**
     * Configures and starts a pool, for example
     * {@code context.pool(pool -> pool.processes(4).taskTimeout(Duration.ofMinutes(1)))}.
     *
     * @param configuration sets what differs from the defaults on a builder that already has this
     *     context's start method (a start method it sets wins)
     * @return a running pool
     */
    public ProcessPool pool(Consumer<PoolConfig.Builder> configuration) {
        PoolConfig.Builder builder = PoolConfig.custom().startMethod(startMethod);
        configuration.accept(builder);
        return ProcessPool.create(builder.build());
    }

    /** @return this process's identity; in a process of the threads context, still this JVM's */
    public ProcessInfo currentProcess() {
        return CurrentProcess.info();
    }

    /** @return the process that started this one, if mp4j started it */
    public Optional<ProcessInfo> parentProcess() {
        return CurrentProcess.parent();
    }

    /** @return this process's children that are still running, whatever context started them */
    public List<ChildProcess> activeChildren() {
        return ChildProcess.activeChildren();
    }

    /**
     * The number of CPUs this process may use: the JVM's count already honours CPU affinity
     * ({@code taskset}) and container CPU quotas (cgroups), unlike Python's {@code os.cpu_count()}.
     *
     * @return the usable CPU count, at least 1
     */
    public int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Override
    public String toString() {
        return "MpContext[" + startMethod.name().toLowerCase(Locale.ROOT) + "]";
    }
}
