package io.github.mp4j.pool;

import java.time.Instant;

/**
 * A snapshot of one worker.
 *
 * @param name the worker's name, such as {@code pool-worker-3}
 * @param pid its process id (this JVM's pid for a thread worker)
 * @param state {@code starting}, {@code idle}, {@code busy} or {@code stopping}
 * @param startedAt when it was started
 * @param tasksDone tasks it has finished
 * @param currentTaskStartedAt when its current task started, or {@code null} when idle
 */
public record WorkerInfo(String name, long pid, String state, Instant startedAt, long tasksDone,
                         Instant currentTaskStartedAt) {
}
