package io.github.mp4j.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * How one call runs, where it should differ from its pool's {@link PoolConfig}. Immutable; start
 * from {@link #defaults()} (or {@link #labelled}) and change what differs with the {@code with}
 * methods, each of which returns a new value:
 *
 * <pre>{@code
 * CallOptions nightly = CallOptions.labelled("nightly-report").withPriority(5).withRetries(2)
 *         .withCallTimeout(Duration.ofMinutes(30));
 * List<Report> reports = pool.map(Reports::build, customers, nightly);
 * }</pre>
 *
 * <p>A setting left unset takes the pool's value: {@link PoolConfig#chunkSize()},
 * {@link PoolConfig#taskTimeout()}, {@link PoolConfig#retries()} and {@link PoolConfig#readAhead()}.
 * The label names the call in events ({@link PoolEvent.ChunkCompleted#label()}), in metrics and
 * in the worker's log context; labels should come from a small set (one per kind of job), never
 * from data such as user ids, since each label becomes a metric tag value. The priority weighs
 * the call against other calls running at the same time: a call of priority 4 gets four chunks
 * dispatched for each one of a call of priority 1 while both have work waiting (see
 * {@link ProcessPool}).
 *
 * <p>Each {@code with} method validates at once, with a message naming the setting and the range
 * allowed.
 */
public final class CallOptions {

    /** The label of a call made without one: all unlabelled calls share it. */
    public static final String UNLABELLED = "unlabelled";
    /** The priority of a call made without one. */
    public static final int DEFAULT_PRIORITY = 1;
    /** The highest priority allowed. */
    public static final int MAX_PRIORITY = 100;
    /** Labels longer than this are refused: a label is a name, not data. */
    public static final int MAX_LABEL_LENGTH = 100;

    private static final int UNSET = -1;
    private static final CallOptions DEFAULTS = new CallOptions(UNLABELLED, UNSET, null, Duration.ZERO, UNSET, UNSET,
            DEFAULT_PRIORITY);

    private final String label;
    private final int chunkSize;
    private final Duration taskTimeout;
    private final Duration callTimeout;
    private final int retries;
    private final int readAhead;
    private final int priority;

    private CallOptions(String label, int chunkSize, Duration taskTimeout, Duration callTimeout, int retries, int readAhead,
                        int priority) {
        this.label = label;
        this.chunkSize = chunkSize;
        this.taskTimeout = taskTimeout;
        this.callTimeout = callTimeout;
        this.retries = retries;
        this.readAhead = readAhead;
        this.priority = priority;
    }

    /** @return options that take every setting from the pool, unlabelled, of the default priority */
    public static CallOptions defaults() {
        return DEFAULTS;
    }

    /**
     * @param label the call's name (see {@link #withLabel})
     * @return the defaults with this label
     */
    public static CallOptions labelled(String label) {
        return DEFAULTS.withLabel(label);
    }

    /**
     * @param newLabel a short non-blank name of at most {@value #MAX_LABEL_LENGTH} characters,
     *     shared by the calls of one kind of job
     * @return options with this label
     */
    public CallOptions withLabel(String newLabel) {
        if (newLabel == null || newLabel.isBlank() || newLabel.length() > MAX_LABEL_LENGTH) {
            throw new IllegalArgumentException("label must be non-blank and at most " + MAX_LABEL_LENGTH
                    + " characters, was " + (newLabel == null ? "null" : "\"" + newLabel + "\""));
        }
        return new CallOptions(newLabel, chunkSize, taskTimeout, callTimeout, retries, readAhead, priority);
    }

    /**
     * @param size tasks per chunk, or {@link PoolConfig#AUTO_CHUNK_SIZE} for sizes chosen from
     *     measured task times
     * @return options with this chunk size
     */
    public CallOptions withChunkSize(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("chunkSize must be >= 0 (0 = automatic), was " + size);
        }
        return new CallOptions(label, size, taskTimeout, callTimeout, retries, readAhead, priority);
    }

    /**
     * @param timeout the longest one task of this call may run (its worker is then killed and
     *     replaced and the task fails with {@link TaskTimeoutException}), or zero for no limit
     * @return options with this task timeout
     */
    public CallOptions withTaskTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("taskTimeout must be zero (no limit) or positive, was " + timeout);
        }
        return new CallOptions(label, chunkSize, timeout, callTimeout, retries, readAhead, priority);
    }

    /**
     * @param timeout the longest the whole call may take from its submission: then it is stopped
     *     like {@link AsyncResult#cancel(boolean) cancel(true)} and fails with
     *     {@link CallTimeoutException}; zero (the default) for no limit
     * @return options with this call timeout
     */
    public CallOptions withCallTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("callTimeout must be zero (no limit) or positive, was " + timeout);
        }
        return new CallOptions(label, chunkSize, taskTimeout, timeout, retries, readAhead, priority);
    }

    /**
     * @param count how many times a task of this call whose worker died is run again, 0 to 10
     * @return options with this many retries
     */
    public CallOptions withRetries(int count) {
        if (count < 0 || count > 10) {
            throw new IllegalArgumentException("retries must be between 0 and 10, was " + count);
        }
        return new CallOptions(label, chunkSize, taskTimeout, callTimeout, count, readAhead, priority);
    }

    /**
     * @param items inputs an {@code imap} of this call may read ahead of the results taken, at least 1
     * @return options with this read-ahead
     */
    public CallOptions withReadAhead(int items) {
        if (items < 1) {
            throw new IllegalArgumentException("readAhead must be >= 1, was " + items);
        }
        return new CallOptions(label, chunkSize, taskTimeout, callTimeout, retries, items, priority);
    }

    /**
     * @param weight the call's share of the workers against other calls with work waiting,
     *     1 to {@value #MAX_PRIORITY}
     * @return options with this priority
     */
    public CallOptions withPriority(int weight) {
        if (weight < 1 || weight > MAX_PRIORITY) {
            throw new IllegalArgumentException("priority must be between 1 and " + MAX_PRIORITY + ", was " + weight);
        }
        return new CallOptions(label, chunkSize, taskTimeout, callTimeout, retries, readAhead, weight);
    }

    /** @return the call's label, {@link #UNLABELLED} if none was given */
    public String label() {
        return label;
    }

    /**
     * @param pool the pool's configuration
     * @return the chunk size of the call: its own, or the pool's
     */
    public int chunkSize(PoolConfig pool) {
        return chunkSize == UNSET ? pool.chunkSize() : chunkSize;
    }

    /**
     * @param pool the pool's configuration
     * @return the task timeout of the call: its own, or the pool's
     */
    public Duration taskTimeout(PoolConfig pool) {
        return taskTimeout == null ? pool.taskTimeout() : taskTimeout;
    }

    /** @return the longest the whole call may take, or zero for no limit */
    public Duration callTimeout() {
        return callTimeout;
    }

    /**
     * @param pool the pool's configuration
     * @return the retries of the call: its own, or the pool's
     */
    public int retries(PoolConfig pool) {
        return retries == UNSET ? pool.retries() : retries;
    }

    /**
     * @param pool the pool's configuration
     * @return the read-ahead of the call: its own, or the pool's
     */
    public int readAhead(PoolConfig pool) {
        return readAhead == UNSET ? pool.readAhead() : readAhead;
    }

    /** @return the call's priority, 1 to {@value #MAX_PRIORITY} */
    public int priority() {
        return priority;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CallOptions o && label.equals(o.label) && chunkSize == o.chunkSize
                && Objects.equals(taskTimeout, o.taskTimeout) && callTimeout.equals(o.callTimeout) && retries == o.retries
                && readAhead == o.readAhead && priority == o.priority;
    }

    @Override
    public int hashCode() {
        return Objects.hash(label, chunkSize, taskTimeout, callTimeout, retries, readAhead, priority);
    }

    @Override
    public String toString() {
        return "CallOptions[label=" + label + ", chunkSize=" + (chunkSize == UNSET ? "pool's" : chunkSize == 0 ? "auto" : chunkSize)
                + ", taskTimeout=" + (taskTimeout == null ? "pool's" : taskTimeout) + ", callTimeout=" + callTimeout
                + ", retries=" + (retries == UNSET ? "pool's" : retries) + ", readAhead="
                + (readAhead == UNSET ? "pool's" : readAhead) + ", priority=" + priority + "]";
    }
}
