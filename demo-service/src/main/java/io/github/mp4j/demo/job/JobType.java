package io.github.mp4j.demo.job;

import io.github.mp4j.pool.ProcessPool;
import java.util.List;

/** A kind of job the service runs: how to split it into pool tasks and merge what they return. */
public interface JobType {

    /** @return the name clients ask for, such as {@code primes} */
    String name();

    /** @return one sentence for people */
    String description();

    /** @return the parameters it takes */
    List<JobParam> params();

    /**
     * Checks limits that span parameters, once each parameter is within its own range.
     *
     * @param params one run's parameters
     * @throws IllegalArgumentException naming the parameter, its value and the range allowed
     */
    default void checkLimits(JobParams params) {
    }

    /**
     * @param params one run's parameters
     * @return a short name for that run, such as {@code primes-below-2000000}
     */
    String label(JobParams params);

    /**
     * Runs the job on the calling thread, on the pool's workers.
     *
     * @param pool the pool
     * @param params the parameters
     * @param context where to report progress and partial results
     * @return the result
     */
    JobResult run(ProcessPool pool, JobParams params, JobContext context);
}
