package io.github.mp4j.pool.internal;

/** A run of consecutive tasks of one call, sent to one worker as one message. */
final class Chunk {

    final long id;
    final Call call;
    /** Index, within the call, of the chunk's first task. */
    final long first;
    final int count;
    private Payload payload;
    /** How many workers died while running it. */
    int attempts;
    /** When it started running: when it became the first unfinished chunk of its worker. */
    long startedNanos;

    Chunk(long id, Call call, long first, int count, Payload payload) {
        this.id = id;
        this.call = call;
        this.first = first;
        this.count = count;
        this.payload = payload;
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
