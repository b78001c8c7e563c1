package io.github.mp4j;

import io.github.mp4j.connection.Pipe;
import io.github.mp4j.function.SerializableBiConsumer;
import io.github.mp4j.function.SerializableConsumer;
import io.github.mp4j.function.SerializableRunnable;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.queue.JoinableProcessQueue;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.queue.Queues;
import io.github.mp4j.queue.SimpleProcessQueue;
import io.github.mp4j.runtime.CurrentProcess;
import io.github.mp4j.runtime.ProcessInfo;
import java.util.List;
import java.util.Optional;

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
 */
public final class Mp {

    private Mp() {
    }

    /**
     * @param target what the child runs; a lambda written here is serializable
     * @return a process, not yet started
     */
    public static ChildProcess process(SerializableRunnable target) {
        return ChildProcess.builder(target).build();
    }

    /**
     * @param <A> the argument's type
     * @param target what the child runs
     * @param argument its argument
     * @return a process running {@code target.accept(argument)}, not yet started
     */
    public static <A> ChildProcess process(SerializableConsumer<A> target, A argument) {
        return ChildProcess.builder(target, argument).build();
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
        return ChildProcess.builder(target, first, second).build();
    }

    /**
     * @param <T> the items' type
     * @return an unbounded queue that any process holding it can use
     */
    public static <T> ProcessQueue<T> queue() {
        return Queues.queue();
    }

    /**
     * @param <T> the items' type
     * @param maxSize the most items it holds (0: unbounded)
     * @return a bounded queue
     */
    public static <T> ProcessQueue<T> queue(int maxSize) {
        return Queues.queue(maxSize);
    }

    /**
     * @param <T> the items' type
     * @return a simple queue (put, get, isEmpty, close)
     */
    public static <T> SimpleProcessQueue<T> simpleQueue() {
        return Queues.simpleQueue();
    }

    /**
     * @param <T> the items' type
     * @return an unbounded queue with taskDone and join
     */
    public static <T> JoinableProcessQueue<T> joinableQueue() {
        return Queues.joinableQueue(0);
    }

    /**
     * @param <T> the items' type
     * @param maxSize the most items it holds (0: unbounded)
     * @return a bounded queue with taskDone and join
     */
    public static <T> JoinableProcessQueue<T> joinableQueue(int maxSize) {
        return Queues.joinableQueue(maxSize);
    }

    /** @return a two-way pipe */
    public static Pipe pipe() {
        return Pipe.open(true);
    }

    /**
     * @param duplex {@code false} for a one-way pipe whose left end receives and right end sends
     * @return a pipe
     */
    public static Pipe pipe(boolean duplex) {
        return Pipe.open(duplex);
    }

    /** @return this process's identity (name, pid, daemon flag) */
    public static ProcessInfo currentProcess() {
        return CurrentProcess.info();
    }

    /** @return the process that started this one, if mp4j started it */
    public static Optional<ProcessInfo> parentProcess() {
        return CurrentProcess.parent();
    }

    /** @return this process's children that are still running */
    public static List<ChildProcess> activeChildren() {
        return ChildProcess.activeChildren();
    }

    /**
     * The number of CPUs this process may use: the JVM's count already honours CPU affinity
     * ({@code taskset}) and container CPU quotas (cgroups), unlike Python's {@code os.cpu_count()}.
     *
     * @return the usable CPU count, at least 1
     */
    public static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }
}
