package io.github.mp4j.pool.internal;

/** A run of consecutive tasks of one call, sent to one worker as one message. */
final class Chunk {

    final long id;
    final Call call;
    /** Index, within the call, of the chunk's first task. */
    final long first;
    final int count;
    final Payload payload;
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

    String describe() {
        return count == 1 ? "task #" + first + " of " + call.describe()
                : "tasks #" + first + "-" + (first + count - 1) + " of " + call.describe();
    }
}
