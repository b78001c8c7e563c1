package io.github.mp4j.pool.internal;

/** A task's outcome when it threw: travels in place of its result. */
final class TaskFailure {

    private final Throwable error;

    TaskFailure(Throwable error) {
        this.error = error;
    }

    Throwable error() {
        return error;
    }
}
