package io.github.mp4j.demo.web;

/**
 * The pool's counters at one moment, for the web page's chart; a client derives throughput from
 * two samples ({@code tasksCompleted} over {@code epochMillis}).
 *
 * @param epochMillis when the sample was taken
 * @param name the pool's name
 * @param processes its configured size
 * @param tasksPending tasks waiting to be sent to a worker (the queue depth)
 * @param tasksInFlight tasks sent to workers and not finished
 * @param tasksCompleted tasks finished successfully, ever
 * @param tasksFailed tasks failed, ever
 * @param tasksRetried tasks run again after their worker died, ever
 * @param workersAlive workers running
 * @param workersBusy workers running a task
 * @param workersCrashed workers that died and were replaced, ever
 */
public record PoolStats(long epochMillis, String name, int processes, long tasksPending, long tasksInFlight,
                        long tasksCompleted, long tasksFailed, long tasksRetried, int workersAlive, int workersBusy,
                        long workersCrashed) {
}
