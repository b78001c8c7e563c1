package io.github.mp4j.demo.job;

import io.github.mp4j.pool.ProcessPool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Runs jobs on the application's {@link ProcessPool}. Each running job has a thread of its own
 * that splits the work and merges results; the pool's workers do the work. A few jobs run at
 * once, the rest wait their turn; the most recent jobs are kept for clients to look at.
 */
@Service
public class JobService implements DisposableBean {

    /** How many jobs run at the same time; the pool's workers are shared between them. */
    public static final int CONCURRENT_JOBS = 4;
    /** How many jobs are remembered. */
    public static final int JOBS_KEPT = 100;

    private final ProcessPool pool;
    private final Map<String, JobType> types;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final ExecutorService runners = Executors.newFixedThreadPool(CONCURRENT_JOBS, runnable -> {
        Thread thread = new Thread(runnable, "demo-job-runner");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param pool where the jobs' tasks run
     * @param types every job type
     */
    public JobService(ProcessPool pool, List<JobType> types) {
        this.pool = pool;
        this.types = types.stream().sorted(Comparator.comparing(JobType::name))
                .collect(Collectors.toMap(JobType::name, t -> t, (a, b) -> {
                    throw new IllegalStateException("two job types are called " + a.name());
                }, LinkedHashMap::new));
    }

    /** @return every job type, by name */
    public List<JobType> types() {
        return List.copyOf(types.values());
    }

    /**
     * Starts a job (or queues it while {@value #CONCURRENT_JOBS} others run).
     *
     * @param typeName the job type's name
     * @param params its parameters; missing ones take their defaults
     * @return the job
     * @throws UnknownJobException if there is no such job type
     * @throws IllegalArgumentException if a parameter is unknown or out of range
     */
    public Job submit(String typeName, Map<String, ?> params) {
        JobType type = types.get(typeName);
        if (type == null) {
            throw new UnknownJobException("no job type '" + typeName + "'; there are " + types.keySet());
        }
        JobParams resolved = JobParams.resolve(type, params);
        Job job = new Job("job-" + ids.incrementAndGet(), type, resolved);
        synchronized (jobs) {
            jobs.put(job.id(), job);
            forgetOldest();
        }
        runners.execute(() -> job.run(pool));
        return job;
    }

    private void forgetOldest() {
        var oldest = jobs.values().iterator();
        while (jobs.size() > JOBS_KEPT && oldest.hasNext()) {
            if (oldest.next().view().state().finished()) {
                oldest.remove();
            }
        }
    }

    /**
     * @param id a job's id
     * @return the job
     * @throws UnknownJobException if there is no such job (any more)
     */
    public Job get(String id) {
        synchronized (jobs) {
            Job job = jobs.get(id);
            if (job == null) {
                throw new UnknownJobException("no job '" + id + "'");
            }
            return job;
        }
    }

    /**
     * Cancels a job (see {@link Job#cancel()}).
     *
     * @param id a job's id
     * @return the job
     * @throws UnknownJobException if there is no such job (any more)
     */
    public Job cancel(String id) {
        Job job = get(id);
        job.cancel();
        return job;
    }

    /** @return the jobs remembered, newest first */
    public List<Job> recent() {
        synchronized (jobs) {
            List<Job> newestFirst = new ArrayList<>(jobs.values());
            Collections.reverse(newestFirst);
            return newestFirst;
        }
    }

    /** Interrupts running jobs; the pool itself is closed by its own auto-configuration. */
    @Override
    public void destroy() {
        runners.shutdownNow();
    }
}
