package io.github.mp4j.demo;

import io.github.mp4j.demo.job.Job;
import io.github.mp4j.demo.job.JobService;
import io.github.mp4j.demo.job.JobState;
import io.github.mp4j.demo.job.JobView;
import io.github.mp4j.demo.job.UnknownJobException;
import io.github.mp4j.pool.ProcessPool;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

/**
 * Batch mode ({@code demo.mode=batch}, the default): runs {@code demo.batch}'s job once, prints one line with its result and throughput
 * to standard output, and sets the exit code (0 when the job succeeded, 1 when it failed or could
 * not start).
 * {@link DemoApplication#main} then exits.
 */
@Component
public class BatchRunner implements ApplicationRunner, ExitCodeGenerator {

    /** Longer than any sensible batch job; a job still running then counts as failed. */
    static final Duration MAX_JOB_TIME = Duration.ofHours(1);

    private final JobService jobs;
    private final ProcessPool pool;
    private final DemoProperties properties;
    private final PrintStream out;
    private volatile int exitCode;

    /**
     * @param jobs runs the job
     * @param pool the pool it runs on
     * @param properties which job
     */
    public BatchRunner(JobService jobs, ProcessPool pool, DemoProperties properties) {
        this.jobs = jobs;
        this.pool = pool;
        this.properties = properties;
        this.out = System.out;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        if (properties.mode() != DemoProperties.Mode.BATCH) {
            return;
        }
        Job job;
        try {
            job = jobs.submit(properties.batch().job(), properties.batch().params());
        } catch (IllegalArgumentException | UnknownJobException e) {
            out.println("demo job " + properties.batch().job() + ": cannot run it: " + e.getMessage());
            exitCode = 1;
            return;
        }
        boolean finished = job.awaitFinished(MAX_JOB_TIME);
        JobView view = job.view();
        if (finished && view.state() == JobState.SUCCEEDED) {
            out.println(summary(view, pool.config().processes()));
            exitCode = 0;
        } else {
            out.println("demo job " + view.label() + ": " + (finished ? "FAILED: " + view.error() : "did not finish in " + MAX_JOB_TIME));
            exitCode = 1;
        }
        out.flush();
    }

    /**
     * @param view a finished job
     * @param workers the pool's size
     * @return for example {@code demo job primes-below-2000000: result=148933, tasks=200, 812 tasks/s, workers=2, 0.25 s}
     */
    static String summary(JobView view, int workers) {
        double seconds = Duration.between(view.startedAt(), view.finishedAt()).toNanos() / 1e9;
        return String.format(Locale.ROOT, "demo job %s: result=%s, tasks=%d, %.0f tasks/s, workers=%d, %.2f s",
                view.label(), view.result(), view.tasksDone(), view.tasksPerSecond(), workers, seconds);
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
