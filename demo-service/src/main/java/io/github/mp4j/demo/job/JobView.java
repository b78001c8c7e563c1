package io.github.mp4j.demo.job;

import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of a job, as clients see it.
 *
 * @param id the job's id
 * @param type its type's name
 * @param label a short name for this run
 * @param params its parameters
 * @param state where it is
 * @param phase what it is doing now
 * @param done tasks of the current phase done
 * @param total tasks in the current phase
 * @param percent how far the job is, 0 to 100
 * @param tasksDone tasks done over all phases
 * @param tasksPerSecond tasks done per second of the job's run time
 * @param chunks partial results published so far
 * @param submittedAt when it was submitted
 * @param startedAt when it started running, or {@code null}
 * @param finishedAt when it finished, or {@code null}
 * @param result the headline result once it succeeded, or {@code null}
 * @param details more of the result, or {@code null}
 * @param error why it failed, or {@code null}
 */
public record JobView(String id, String type, String label, Map<String, Long> params, JobState state, String phase,
                      long done, long total, double percent, long tasksDone, double tasksPerSecond, int chunks,
                      Instant submittedAt, Instant startedAt, Instant finishedAt, Object result,
                      Map<String, Object> details, String error) {
}
