package io.github.mp4j.demo.job;

import io.github.mp4j.demo.task.PiTasks;
import io.github.mp4j.demo.task.Samples;
import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.ResultIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * CPU-bound with tasks of equal cost: estimates pi from random points, one seeded batch per task.
 * The same parameters always give the same estimate, even when a worker dies and its batch runs again.
 */
@Component
public class PiJob implements JobType {

    /** The most points one job may draw: well under a minute on two workers. */
    public static final long MAX_SAMPLES = 10_000_000_000L;

    @Override
    public String name() {
        return "pi";
    }

    @Override
    public String description() {
        return "Estimates pi by Monte-Carlo sampling, in seeded batches that run in parallel";
    }

    @Override
    public List<JobParam> params() {
        return List.of(
                new JobParam("samples", 40_000_000, 1, MAX_SAMPLES, "random points in all"),
                new JobParam("batches", 400, 1, 100_000, "split the points into this many tasks"));
    }

    @Override
    public String label(JobParams params) {
        return "pi-from-" + params.get("samples") + "-samples";
    }

    @Override
    public JobResult run(ProcessPool pool, JobParams params, JobContext context) {
        long samples = params.get("samples");
        int batches = (int) params.get("batches");
        List<Samples> work = new ArrayList<>(batches);
        for (int i = 0; i < batches; i++) {
            work.add(new Samples(i + 1, samples * (i + 1) / batches - samples * i / batches));
        }
        long inside = 0;
        long drawn = 0;
        try (ResultIterator<Long> counts = pool.imap(PiTasks.COUNT_INSIDE, work.iterator(), CallOptions.labelled("pi"))) {
            context.phase("sampling", batches, counts::progress);
            for (Samples batch : work) {
                long batchInside = counts.next();
                inside += batchInside;
                drawn += batch.count();
                context.emit(new Batch(batch.seed(), batch.count(), batchInside, 4.0 * inside / drawn));
            }
        }
        double estimate = 4.0 * inside / samples;
        return new JobResult(estimate, Map.of("samples", samples, "inside", inside, "batches", batches,
                "error", Math.abs(estimate - Math.PI)));
    }

    /**
     * One batch's outcome.
     *
     * @param seed the batch's seed
     * @param samples points it drew
     * @param inside points inside the quarter circle
     * @param estimateSoFar the estimate over every batch up to this one
     */
    public record Batch(long seed, long samples, long inside, double estimateSoFar) {
    }
}
