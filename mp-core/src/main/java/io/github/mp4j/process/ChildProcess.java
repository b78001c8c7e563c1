package io.github.mp4j.process;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.connection.Waitable;
import io.github.mp4j.function.SerializableBiConsumer;
import io.github.mp4j.function.SerializableConsumer;
import io.github.mp4j.function.SerializableRunnable;
import io.github.mp4j.process.internal.Children;
import io.github.mp4j.process.internal.Popen;
import io.github.mp4j.process.internal.Spawner;
import io.github.mp4j.runtime.CurrentProcess;
import io.github.mp4j.runtime.ProcessInfo;
import io.github.mp4j.runtime.StartMethod;
import io.github.mp4j.serial.SerializationException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A serializable target running in a child JVM, or on a thread of this one (Python's
 * {@code multiprocessing.Process}, and {@code multiprocessing.dummy.Process} on threads).
 *
 * <pre>{@code
 * ProcessQueue<String> queue = Mp.queue();
 * ChildProcess child = Mp.process(() -> queue.put("hello from " + Mp.currentProcess().name()));
 * child.start();
 * System.out.println(queue.get());
 * child.join();                      // child.exitCode() is now 0
 * }</pre>
 *
 * <p>The child is a fresh JVM on this process's class path; it decodes the target and runs it,
 * without ever running this program's {@code main}. Its standard output and error appear on this
 * process's. It exits with the codes described in {@link ExitCodes}. It never outlives this
 * process: see {@link Children} for what happens at exit.
 *
 * <p>With {@link StartMethod#THREADS} ({@link Builder#startMethod}) the child is a thread of this
 * JVM named after the process, and differs where a thread cannot honestly behave as a process:
 * <ul>
 *   <li>the target runs as it is, without being serialized, so it shares objects with this
 *       process; JVM options and the output prefix do not apply;</li>
 *   <li>{@link #pid()} is this JVM's pid, and {@code Mp.currentProcess()} inside the target
 *       still describes this JVM;</li>
 *   <li>the exit code is {@code 0} after a normal return and {@code 1} after an uncaught
 *       exception (which is logged); {@code System.exit} in the target ends the whole JVM;</li>
 *   <li>{@link #terminate()} and {@link #kill()} interrupt the thread: it ends only if the target
 *       responds to interrupts, and then its exit code is {@code -15} or {@code -9} as for a
 *       process;</li>
 *   <li>a non-daemon child keeps this JVM running until it ends, as a non-daemon thread does.</li>
 * </ul>
 */
public final class ChildProcess implements Waitable, AutoCloseable {

    private static final Children<Member> CHILDREN = new Children<>();

    private enum State { NEW, STARTED, CLOSED }

    private final SerializableRunnable target;
    private final String name;
    private final boolean daemon;
    private final JvmOptions jvmOptions;
    private final StartMethod startMethod;
    private final Spawner spawner;
    private final String outputPrefix;
    private final List<Integer> identity;
    private final Member member = new Member();
    private volatile State state = State.NEW;
    private volatile Popen popen;

    private ChildProcess(Builder builder) {
        this.target = builder.target;
        this.identity = CurrentProcess.nextChildIdentity();
        this.name = builder.name != null ? builder.name
                : "Process-" + identity.stream().map(String::valueOf).collect(Collectors.joining(":"));
        this.daemon = builder.daemon;
        this.jvmOptions = builder.jvmOptions;
        this.startMethod = builder.startMethod;
        this.spawner = Spawner.of(builder.startMethod);
        this.outputPrefix = builder.prefixOutput ? "[" + name + "] " : null;
    }

    /**
     * @param target what the child runs
     * @return a builder for a child running {@code target}
     */
    public static Builder builder(SerializableRunnable target) {
        return new Builder(Objects.requireNonNull(target, "target"));
    }

    /**
     * @param <A> the argument's type
     * @param target what the child runs
     * @param argument its argument, serialized with it
     * @return a builder for a child running {@code target.accept(argument)}
     */
    public static <A> Builder builder(SerializableConsumer<A> target, A argument) {
        Objects.requireNonNull(target, "target");
        return new Builder(() -> target.accept(argument));
    }

    /**
     * @param <A> the first argument's type
     * @param <B> the second argument's type
     * @param target what the child runs
     * @param first its first argument
     * @param second its second argument
     * @return a builder for a child running {@code target.accept(first, second)}
     */
    public static <A, B> Builder builder(SerializableBiConsumer<A, B> target, A first, B second) {
        Objects.requireNonNull(target, "target");
        return new Builder(() -> target.accept(first, second));
    }

    /** @return the children of this process that are still running */
    public static List<ChildProcess> activeChildren() {
        return CHILDREN.active().stream().map(m -> m.owner()).collect(Collectors.toList());
    }

    /**
     * Serializes the target and starts the child JVM (or, with {@link StartMethod#THREADS}, starts
     * the child thread). A target that cannot be serialized fails here, before any JVM is started.
     *
     * @throws IllegalStateException if already started or closed
     * @throws SerializationException if the target or something it captures cannot be serialized
     * @throws ProcessStartException if the JVM cannot be started
     */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("process " + name + " was already " + (state == State.CLOSED ? "closed" : "started")
                    + "; a process can be started only once");
        }
        popen = spawner.spawn(target, new ProcessInfo(name, -1, daemon, identity), jvmOptions, outputPrefix);
        state = State.STARTED;
        CHILDREN.add(member);
    }

    /**
     * Waits until the child exits.
     *
     * @throws MpInterruptedException if the thread was interrupted before or while waiting; the
     *     child keeps running and may be joined again
     */
    public void join() {
        join(null);
    }

    /**
     * Waits at most {@code timeout} for the child to exit.
     *
     * @param timeout how long to wait; {@code null} waits as long as it takes
     * @return whether the child has exited
     * @throws MpInterruptedException if the thread was interrupted before or while waiting (a
     *     zero timeout does not wait, and ignores the interrupt); the child keeps running
     */
    public boolean join(Duration timeout) {
        requireStarted("join");
        CompletableFuture<Integer> exit = popen.onExit();
        boolean mayWait = timeout == null || !timeout.isZero();
        if (mayWait) {
            refuseIfInterrupted();
        } else if (!exit.isDone()) {
            return false;
        }
        try {
            if (timeout == null) {
                exit.get();
            } else {
                exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            CHILDREN.remove(member);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            throw new MpInterruptedException("process " + name + " to exit", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for process " + name + " failed", e.getCause());
        }
    }

    /** A join that may wait and starts interrupted throws without waiting, as the JDK's blocking calls do. */
    private void refuseIfInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new MpInterruptedException("process " + name + " to exit", null);
        }
    }

    /** @return whether the child was started and has not exited */
    public boolean isAlive() {
        Popen p = popen;
        return p != null && !p.onExit().isDone();
    }

    /**
     * @return the child's operating system process id
     * @throws IllegalStateException if it was not started
     */
    public long pid() {
        requireStarted("pid");
        return popen.pid();
    }

    /** @return the exit code (see {@link ExitCodes}), or {@code null} if not started or still running */
    public Integer exitCode() {
        Popen p = popen;
        return p == null ? null : p.onExit().getNow(null);
    }

    /** @return completes with the exit code when the child exits */
    public CompletableFuture<Integer> onExit() {
        requireStarted("onExit");
        return popen.onExit();
    }

    @Override
    public CompletionStage<?> whenReady() {
        requireStarted("wait for");
        return popen.onExit();
    }

    /** Asks the child to stop (SIGTERM); its exit code becomes {@code -15} unless it exits otherwise. */
    public void terminate() {
        requireStarted("terminate");
        popen.terminate();
    }

    /** Stops the child at once (SIGKILL); its exit code becomes {@code -9}. */
    public void kill() {
        requireStarted("kill");
        popen.kill();
    }

    /**
     * Releases what this process holds for the child. Allowed once it has exited (or was never
     * started); after that, only {@link #name()}, {@link #daemon()} and {@link #exitCode()} work.
     *
     * @throws IllegalStateException if the child is still running
     */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        if (isAlive()) {
            throw new IllegalStateException("process " + name + " is still running; join, terminate or kill it"
                    + " before closing it");
        }
        if (popen != null) {
            popen.close();
        }
        CHILDREN.remove(member);
        state = State.CLOSED;
    }

    /** @return the process name */
    public String name() {
        return name;
    }

    /** @return whether the child is terminated, rather than waited for, when this process exits */
    public boolean daemon() {
        return daemon;
    }

    /** @return how the child is started: a JVM of its own or a thread of this one */
    public StartMethod startMethod() {
        return startMethod;
    }

    @Override
    public String toString() {
        Popen p = popen;
        String status = p == null ? "initial" : p.onExit().isDone() ? "stopped exitcode=" + exitCode() : "started";
        return "ChildProcess[" + name + (p != null ? " pid=" + p.pid() : "") + " " + status + (daemon ? " daemon" : "") + "]";
    }

    private void requireStarted(String operation) {
        if (state == State.CLOSED) {
            throw new IllegalStateException("cannot " + operation + " process " + name + ": it was closed");
        }
        if (popen == null) {
            throw new IllegalStateException("cannot " + operation + " process " + name + ": it was not started");
        }
    }

    private final class Member implements Children.Member {
        @Override
        public boolean daemon() {
            return daemon;
        }

        @Override
        public Popen popen() {
            return popen;
        }

        ChildProcess owner() {
            return ChildProcess.this;
        }
    }

    /** Configures a {@link ChildProcess} before it is created. */
    public static final class Builder {
        private final SerializableRunnable target;
        private String name;
        private boolean daemon;
        private JvmOptions jvmOptions = JvmOptions.DEFAULT;
        private StartMethod startMethod = StartMethod.JVM;
        private boolean prefixOutput;

        private Builder(SerializableRunnable target) {
            this.target = target;
        }

        /**
         * @param processName the name; by default {@code Process-N} (Python's naming)
         * @return this builder
         */
        public Builder name(String processName) {
            if (processName == null || processName.isBlank()) {
                throw new IllegalArgumentException("a process name must not be blank");
            }
            this.name = processName;
            return this;
        }

        /**
         * @param isDaemon whether the child is terminated, rather than waited for, at this process's exit
         * @return this builder
         */
        public Builder daemon(boolean isDaemon) {
            this.daemon = isDaemon;
            return this;
        }

        /**
         * @param options how to start the child JVM
         * @return this builder
         */
        public Builder jvmOptions(JvmOptions options) {
            this.jvmOptions = Objects.requireNonNull(options, "jvmOptions");
            return this;
        }

        /**
         * @param method how the child is started: a JVM of its own (the default) or a thread of
         *     this one (see {@link ChildProcess} for what differs on a thread)
         * @return this builder
         */
        public Builder startMethod(StartMethod method) {
            this.startMethod = Objects.requireNonNull(method, "startMethod");
            return this;
        }

        /**
         * @param prefix whether each line the child prints starts with {@code [name] }, so that the
         *     output of many children stays readable
         * @return this builder
         */
        public Builder prefixOutput(boolean prefix) {
            this.prefixOutput = prefix;
            return this;
        }

        /** @return the process, not yet started */
        public ChildProcess build() {
            return new ChildProcess(this);
        }
    }
}
