package io.github.mp4j.pool;

import io.github.mp4j.function.SerializableRunnable;
import io.github.mp4j.process.JvmOptions;
import io.github.mp4j.runtime.StartMethod;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ProcessPool} runs. Immutable; build with {@link #custom()}:
 *
 * <pre>{@code
 * PoolConfig config = PoolConfig.custom().processes(4).taskTimeout(Duration.ofMinutes(5)).retries(1).build();
 * }</pre>
 *
 * Every setter validates at once, with a message naming the setting and the allowed range.
 */
public final class PoolConfig {

    /** Chunk size 0 means: chosen automatically from measured task times. */
    public static final int AUTO_CHUNK_SIZE = 0;
    /** By default, as many workers as CPUs this process may use (affinity and container quota aware). */
    public static final int DEFAULT_PROCESSES = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** By default a worker is never recycled. */
    public static final int DEFAULT_MAX_TASKS_PER_CHILD = 0;
    /** By default a task may run forever. */
    public static final Duration DEFAULT_TASK_TIMEOUT = Duration.ZERO;
    /** By default a task whose worker died is not retried. */
    public static final int DEFAULT_RETRIES = 0;
    /** By default {@code imap} reads at most this many inputs ahead of the results taken. */
    public static final int DEFAULT_READ_AHEAD = 10_000;
    /** By default the tasks of unfinished calls are not bounded. */
    public static final int DEFAULT_MAX_PENDING_TASKS = 0;
    /** By default a call that finds the pool full fails at once. */
    public static final Duration DEFAULT_PENDING_WAIT = Duration.ZERO;
    /** By default a closed pool's workers exit with it: none is kept for the next pool. */
    public static final Duration DEFAULT_REUSE_WORKERS = Duration.ZERO;
    /** By default the pool is called {@code pool}. */
    public static final String DEFAULT_NAME = "pool";

    private final String name;
    private final int processes;
    private final StartMethod startMethod;
    private final int chunkSize;
    private final int maxTasksPerChild;
    private final Duration taskTimeout;
    private final int retries;
    private final int readAhead;
    private final int maxPendingTasks;
    private final Duration pendingWait;
    private final SerializableRunnable initializer;
    private final JvmOptions jvmOptions;
    private final Duration reuseWorkers;

    private PoolConfig(Builder b) {
        this.name = b.name;
        this.processes = b.processes;
        this.startMethod = b.startMethod;
        this.chunkSize = b.chunkSize;
        this.maxTasksPerChild = b.maxTasksPerChild;
        this.taskTimeout = b.taskTimeout;
        this.retries = b.retries;
        this.readAhead = b.readAhead;
        this.maxPendingTasks = b.maxPendingTasks;
        this.pendingWait = b.pendingWait;
        this.initializer = b.initializer;
        this.jvmOptions = b.jvmOptions;
        this.reuseWorkers = b.reuseWorkers;
    }

    /** @return a builder with the defaults */
    public static Builder custom() {
        return new Builder();
    }

    /** @return the defaults */
    public static PoolConfig ofDefaults() {
        return custom().build();
    }

    /** @return a builder starting from this configuration */
    public Builder toBuilder() {
        return new Builder().name(name).processes(processes).startMethod(startMethod).chunkSize(chunkSize)
                .maxTasksPerChild(maxTasksPerChild).taskTimeout(taskTimeout).retries(retries).readAhead(readAhead)
                .maxPendingTasks(maxPendingTasks).pendingWait(pendingWait).initializer(initializer).jvmOptions(jvmOptions)
                .reuseWorkers(reuseWorkers);
    }

    /** @return the pool's name, used for worker names and metric tags */
    public String name() {
        return name;
    }

    /** @return the number of workers */
    public int processes() {
        return processes;
    }

    /** @return where tasks run */
    public StartMethod startMethod() {
        return startMethod;
    }

    /** @return the default chunk size of map-style calls, or {@link #AUTO_CHUNK_SIZE} */
    public int chunkSize() {
        return chunkSize;
    }

    /** @return tasks after which a worker is replaced by a fresh one, or 0 for never */
    public int maxTasksPerChild() {
        return maxTasksPerChild;
    }

    /** @return how long one task may run before its worker is killed, or zero for no limit */
    public Duration taskTimeout() {
        return taskTimeout;
    }

    /** @return how many times a task whose worker died is run again elsewhere */
    public int retries() {
        return retries;
    }

    /** @return how many inputs {@code imap} reads ahead of the results taken */
    public int readAhead() {
        return readAhead;
    }

    /**
     * @return the most tasks that unfinished {@code apply}, {@code map} and {@code starmap} calls
     *     (and their async forms) may hold together, or 0 for no limit; {@code imap} is bounded
     *     by its read-ahead instead
     */
    public int maxPendingTasks() {
        return maxPendingTasks;
    }

    /**
     * @return how long a call waits for room when the pool holds {@link #maxPendingTasks()}
     *     tasks before it fails with {@link PoolFullException}; zero to fail at once
     */
    public Duration pendingWait() {
        return pendingWait;
    }

    /** @return what each worker runs once before its first task, or {@code null} */
    public SerializableRunnable initializer() {
        return initializer;
    }

    /** @return how worker JVMs are started */
    public JvmOptions jvmOptions() {
        return jvmOptions;
    }

    /**
     * @return how long the worker JVMs of this pool, once it is closed, wait idle for the next
     *     pool of an equal configuration; zero: they exit with the pool
     */
    public Duration reuseWorkers() {
        return reuseWorkers;
    }

    @Override
    public String toString() {
        return "PoolConfig[name=" + name + ", processes=" + processes + ", startMethod=" + startMethod
                + ", chunkSize=" + (chunkSize == AUTO_CHUNK_SIZE ? "auto" : chunkSize) + ", maxTasksPerChild="
                + maxTasksPerChild + ", taskTimeout=" + taskTimeout + ", retries=" + retries + ", readAhead=" + readAhead
                + ", maxPendingTasks=" + maxPendingTasks + ", pendingWait=" + pendingWait
                + ", initializer=" + (initializer != null) + ", jvmOptions=" + jvmOptions
                + (reuseWorkers.isZero() ? "" : ", reuseWorkers=" + reuseWorkers) + "]";
    }

    /** Builds a {@link PoolConfig}. */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private int processes = DEFAULT_PROCESSES;
        private StartMethod startMethod = StartMethod.JVM;
        private int chunkSize = AUTO_CHUNK_SIZE;
        private int maxTasksPerChild = DEFAULT_MAX_TASKS_PER_CHILD;
        private Duration taskTimeout = DEFAULT_TASK_TIMEOUT;
        private int retries = DEFAULT_RETRIES;
        private int readAhead = DEFAULT_READ_AHEAD;
        private int maxPendingTasks = DEFAULT_MAX_PENDING_TASKS;
        private Duration pendingWait = DEFAULT_PENDING_WAIT;
        private SerializableRunnable initializer;
        private JvmOptions jvmOptions = JvmOptions.DEFAULT;
        private Duration reuseWorkers = DEFAULT_REUSE_WORKERS;

        private Builder() {
        }

        /**
         * @param poolName non-blank name
         * @return this builder
         */
        public Builder name(String poolName) {
            if (poolName == null || poolName.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = poolName;
            return this;
        }

        /**
         * @param count number of workers, at least 1
         * @return this builder
         */
        public Builder processes(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("processes must be >= 1, was " + count);
            }
            this.processes = count;
            return this;
        }

        /**
         * @param method worker JVMs or threads
         * @return this builder
         */
        public Builder startMethod(StartMethod method) {
            this.startMethod = Objects.requireNonNull(method, "startMethod");
            return this;
        }

        /**
         * @param size tasks per chunk, or {@link #AUTO_CHUNK_SIZE}
         * @return this builder
         */
        public Builder chunkSize(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("chunkSize must be >= 0 (0 = automatic), was " + size);
            }
            this.chunkSize = size;
            return this;
        }

        /**
         * @param tasks tasks after which a worker is replaced, or 0 for never
         * @return this builder
         */
        public Builder maxTasksPerChild(int tasks) {
            if (tasks < 0) {
                throw new IllegalArgumentException("maxTasksPerChild must be >= 0 (0 = never recycle), was " + tasks);
            }
            this.maxTasksPerChild = tasks;
            return this;
        }

        /**
         * @param timeout the longest a task may run, or zero for no limit
         * @return this builder
         */
        public Builder taskTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative()) {
                throw new IllegalArgumentException("taskTimeout must be zero (no limit) or positive, was " + timeout);
            }
            this.taskTimeout = timeout;
            return this;
        }

        /**
         * @param count how many times a task whose worker died is run again, 0 to 10
         * @return this builder
         */
        public Builder retries(int count) {
            if (count < 0 || count > 10) {
                throw new IllegalArgumentException("retries must be between 0 and 10, was " + count);
            }
            this.retries = count;
            return this;
        }

        /**
         * @param items inputs {@code imap} may read ahead of the results taken, at least 1
         * @return this builder
         */
        public Builder readAhead(int items) {
            if (items < 1) {
                throw new IllegalArgumentException("readAhead must be >= 1, was " + items);
            }
            this.readAhead = items;
            return this;
        }

        /**
         * @param tasks the most tasks unfinished {@code apply}/{@code map}-style calls may hold
         *     together, or 0 for no limit; a call that would exceed it waits up to
         *     {@link #pendingWait} for room, then fails with {@link PoolFullException}. A call
         *     larger than the limit runs when no other holds room.
         * @return this builder
         */
        public Builder maxPendingTasks(int tasks) {
            if (tasks < 0) {
                throw new IllegalArgumentException("maxPendingTasks must be >= 0 (0 = no limit), was " + tasks);
            }
            this.maxPendingTasks = tasks;
            return this;
        }

        /**
         * @param wait how long a call may wait for room under {@link #maxPendingTasks}; zero (the
         *     default) fails it at once with {@link PoolFullException}
         * @return this builder
         */
        public Builder pendingWait(Duration wait) {
            if (wait == null || wait.isNegative()) {
                throw new IllegalArgumentException("pendingWait must be zero (fail at once) or positive, was " + wait);
            }
            this.pendingWait = wait;
            return this;
        }

        /**
         * @param task run once in each worker before its first task (Python's initializer with its
         *     initargs captured in the lambda), or {@code null}
         * @return this builder
         */
        public Builder initializer(SerializableRunnable task) {
            this.initializer = task;
            return this;
        }

        /**
         * @param options how worker JVMs are started
         * @return this builder
         */
        public Builder jvmOptions(JvmOptions options) {
            this.jvmOptions = Objects.requireNonNull(options, "jvmOptions");
            return this;
        }

        /**
         * Keeps this pool's worker JVMs, once it is closed, for the next pool (loky's reusable
         * executor): a pool created within {@code keepAlive} with the same java, class path and
         * JVM options takes idle ones instead of starting new JVMs. A kept worker runs the next
         * pool's initializer, as a new one would; what earlier tasks left in it (static fields,
         * loaded classes, threads they started) stays: that is the price. Workers of a pool that
         * was terminated, that timed out or that were recycled ({@link #maxTasksPerChild}) are not
         * kept. Kept workers that wait longer than {@code keepAlive} exit, and none outlives this
         * JVM. Worker threads ({@code StartMethod.THREADS}) are never kept.
         *
         * @param keepAlive how long an idle worker waits for the next pool; zero (the default): no reuse
         * @return this builder
         */
        public Builder reuseWorkers(Duration keepAlive) {
            if (keepAlive == null || keepAlive.isNegative()) {
                throw new IllegalArgumentException("reuseWorkers must be zero (no reuse) or a positive keep-alive, was "
                        + keepAlive);
            }
            this.reuseWorkers = keepAlive;
            return this;
        }

        /** @return the configuration */
        public PoolConfig build() {
            return new PoolConfig(this);
        }
    }
}
