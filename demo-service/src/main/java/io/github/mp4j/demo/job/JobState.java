package io.github.mp4j.demo.job;

/** Where a job is in its life. */
public enum JobState {
    /** Waiting for a free job slot. */
    QUEUED,
    /** Running on the pool. */
    RUNNING,
    /** Finished with a result. */
    SUCCEEDED,
    /** Finished with an error. */
    FAILED,
    /** Stopped by a client before it finished: its pool calls were cancelled. */
    CANCELLED;

    /** @return whether the job has finished */
    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
