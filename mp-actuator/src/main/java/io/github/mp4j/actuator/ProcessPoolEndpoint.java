package io.github.mp4j.actuator;

import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.WorkerInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code mp} actuator endpoint ({@code /actuator/mp}): the pool's settings and a snapshot of
 * its workers.
 */
@Endpoint(id = "mp")
public final class ProcessPoolEndpoint {

    private final ProcessPool pool;

    /** @param pool the pool to describe */
    public ProcessPoolEndpoint(ProcessPool pool) {
        this.pool = pool;
    }

    /** @return the pool's settings and workers */
    @ReadOperation
    public PoolDescriptor pool() {
        Instant now = Instant.now();
        List<WorkerDescriptor> workers = pool.workers().stream().map(worker -> WorkerDescriptor.of(worker, now)).toList();
        return new PoolDescriptor(PoolSettings.of(pool.config()), workers);
    }

    /**
     * What {@code /actuator/mp} returns.
     *
     * @param pool the pool's settings
     * @param workers its workers at this moment
     */
    public record PoolDescriptor(PoolSettings pool, List<WorkerDescriptor> workers) implements OperationResponseBody {
    }

    /**
     * A pool's settings, named as the {@code mp.*} properties.
     *
     * @param name the pool's name
     * @param processes the number of workers
     * @param startMethod {@code jvm} or {@code threads}
     * @param chunkSize tasks per chunk, 0 for automatic
     * @param maxTasksPerChild tasks after which a worker is replaced, 0 for never
     * @param taskTimeout the longest a task may run (ISO-8601, such as {@code PT5M}), {@code PT0S} for no limit
     * @param retries how many times a task whose worker died is run again
     */
    public record PoolSettings(String name, int processes, String startMethod, int chunkSize, int maxTasksPerChild,
                               String taskTimeout, int retries) {

        static PoolSettings of(PoolConfig config) {
            return new PoolSettings(config.name(), config.processes(), config.startMethod().name().toLowerCase(Locale.ROOT),
                    config.chunkSize(), config.maxTasksPerChild(), config.taskTimeout().toString(), config.retries());
        }
    }

    /**
     * One worker.
     *
     * @param name its name, such as {@code mp-worker-3}
     * @param pid its process id (this JVM's for a thread worker)
     * @param state {@code starting}, {@code idle}, {@code busy} or {@code stopping}
     * @param uptimeSeconds how long ago it was started
     * @param tasksDone tasks it has finished
     * @param currentTaskAgeMillis how long its current task has been running, or {@code null} when idle
     */
    public record WorkerDescriptor(String name, long pid, String state, long uptimeSeconds, long tasksDone,
                                   Long currentTaskAgeMillis) {

        static WorkerDescriptor of(WorkerInfo worker, Instant now) {
            Instant taskStart = worker.currentTaskStartedAt();
            return new WorkerDescriptor(worker.name(), worker.pid(), worker.state(),
                    Duration.between(worker.startedAt(), now).toSeconds(), worker.tasksDone(),
                    taskStart == null ? null : Duration.between(taskStart, now).toMillis());
        }
    }
}
