package io.github.mp4j.pool.internal;

/**
 * A run of consecutive tasks of one call, sent to one worker as one message. While it runs, its
 * worker may report progress: the results of its first tasks, and which task is running since
 * when (see {@link PoolProtocol}); if the worker is lost, only that task fails or is retried.
 */
final class Chunk {

    final long id;
    final Call call;
    /** Index, within the call, of the chunk's first task. */
    final long first;
    final int count;
    /** The inputs the chunk was cut from, and where in them it starts: to cut what is left of it again. */
    private final Inputs inputs;
    private final int inputsFrom;
    private Payload payload;
    /** The chunk as sent, if this is a run of its tasks whose results are delivered apart. */
    final Chunk origin;
    /** Of the origin: tasks that failed among those delivered with progress reports, for its completion event. */
    volatile int earlyFailures;
    /** How many workers died while running it. */
    int attempts;
    /** When it started running: when it became the first unfinished chunk of its worker. */
    long startedNanos;
    /** Guarded by the scheduler's lock: how many of its first tasks' results were delivered already. */
    int received;
    /** When the task it is running started, as far as its worker has told: what the task timeout is measured from. */
    volatile long taskStartedNanos;

    Chunk(long id, Call call, long first, int count, Inputs inputs, int inputsFrom) {
        this.id = id;
        this.call = call;
        this.first = first;
        this.count = count;
        this.inputs = inputs;
        this.inputsFrom = inputsFrom;
        this.payload = inputs.slice(inputsFrom, inputsFrom + count);
        this.origin = this;
    }

    private Chunk(Chunk origin, long first, int count) {
        this.id = origin.id;
        this.call = origin.call;
        this.first = first;
        this.count = count;
        this.inputs = null;
        this.inputsFrom = 0;
        this.origin = origin;
    }

    /** Marks it running: its first task starts now. */
    void started(long now) {
        startedNanos = now;
        taskStartedNanos = now;
    }

    /** @return tasks {@code [from, to)} of this chunk as a chunk of their own, to be sent again under a new id */
    Chunk part(long newId, int from, int to) {
        Chunk part = new Chunk(newId, call, first + from, to - from, inputs, inputsFrom + from);
        part.attempts = attempts;
        return part;
    }

    /** @return tasks {@code [from, to)} of this chunk, to deliver their results (it has no inputs) */
    Chunk results(int from, int to) {
        return new Chunk(origin, first + from, to - from);
    }

    /**
     * @return the inputs, encoded (by the first thread to ask, outside the scheduler's lock, if
     *     their encoding was deferred); kept for a retry on another worker
     */
    synchronized Payload encodedPayload() {
        if (payload.deferred()) {
            payload = payload.encode();
        }
        return payload;
    }

    /** @return the inputs as they were cut (thread pools take the items themselves) */
    synchronized Payload payload() {
        return payload;
    }

    String describe() {
        return count == 1 ? "task #" + first + " of " + call.describe()
                : "tasks #" + first + "-" + (first + count - 1) + " of " + call.describe();
    }
}
