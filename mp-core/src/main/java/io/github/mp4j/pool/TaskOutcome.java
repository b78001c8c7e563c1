package io.github.mp4j.pool;

import java.util.Objects;

/**
 * What became of one task of a call that collects failures ({@link ProcessPool#mapOutcomes}):
 * its result, or the {@link TaskFailedException} it failed with. Immutable.
 *
 * @param <R> the result's type
 */
public final class TaskOutcome<R> {

    private final R value;
    private final TaskFailedException failure;

    private TaskOutcome(R value, TaskFailedException failure) {
        this.value = value;
        this.failure = failure;
    }

    /**
     * @param <R> the result's type
     * @param value the task's result, possibly {@code null}
     * @return the outcome of a task that succeeded
     */
    public static <R> TaskOutcome<R> success(R value) {
        return new TaskOutcome<>(value, null);
    }

    /**
     * @param <R> the result's type
     * @param failure why the task failed
     * @return the outcome of a task that failed
     */
    public static <R> TaskOutcome<R> failure(TaskFailedException failure) {
        return new TaskOutcome<>(null, Objects.requireNonNull(failure, "failure"));
    }

    /** @return whether the task succeeded */
    public boolean succeeded() {
        return failure == null;
    }

    /**
     * @return the task's result
     * @throws TaskFailedException the task's failure, if it failed
     */
    public R value() {
        if (failure != null) {
            throw failure;
        }
        return value;
    }

    /** @return why the task failed, or {@code null} if it succeeded */
    public TaskFailedException failure() {
        return failure;
    }

    @Override
    public String toString() {
        return failure == null ? "success(" + value + ")" : "failure(" + failure.getMessage() + ")";
    }
}
