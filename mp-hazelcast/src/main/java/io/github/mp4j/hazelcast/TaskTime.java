package io.github.mp4j.hazelcast;

/**
 * How long one task of a function keeps a member's worker busy, as measured from the chunks'
 * replies so far: the scheduler gives members a wider window of short tasks (see
 * {@link MemberSlot#canTake}) and batches them into fewer messages. Shared by every call of the
 * same function (see {@link Functions}), so that a stream of single-task {@code applyAsync} calls
 * learns it.
 */
final class TaskTime {

    /** ln 4: one sample moves the estimate by at most a factor of two (half its log distance). */
    private static final double MAX_LOG_STEP = Math.log(4);

    private volatile double nanosPerTask = Double.NaN;

    /** @return the estimate in nanoseconds, or NaN before the first reply */
    double nanosPerTask() {
        return nanosPerTask;
    }

    /**
     * Folds in one sample. A single slow chunk (a pause for garbage collection, a worker that lost
     * its core) moves the estimate by at most a factor of two, so it cannot narrow the window at
     * once; a real change shows within a few replies.
     *
     * @param nanos time a worker spent per task in one chunk
     */
    synchronized void sample(double nanos) {
        double sample = Math.max(1.0, nanos);
        double previous = nanosPerTask;
        if (Double.isNaN(previous)) {
            nanosPerTask = sample;
            return;
        }
        double step = Math.max(-MAX_LOG_STEP, Math.min(MAX_LOG_STEP, Math.log(sample / previous)));
        nanosPerTask = previous * Math.exp(step / 2);
    }
}
