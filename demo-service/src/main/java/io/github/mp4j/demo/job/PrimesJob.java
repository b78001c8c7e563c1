package io.github.mp4j.demo.job;

import io.github.mp4j.demo.task.PrimeTasks;
import io.github.mp4j.demo.task.Range;
import io.github.mp4j.demo.task.RangeCount;
import io.github.mp4j.pool.CallOptions;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.ResultIterator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** CPU-bound: counts the primes below a limit, one range per task, results in range order ({@code imap}). */
@Component
public class PrimesJob implements JobType {

    /** The highest limit: trial division below it takes well under a minute on two workers. */
    public static final long MAX_LIMIT = 100_000_000;

    @Override
    public String name() {
        return "primes";
    }

    @Override
    public String description() {
        return "Counts the primes below a limit by trial division, split into ranges that run in parallel";
    }

    @Override
    public List<JobParam> params() {
        return List.of(
                new JobParam("limit", 2_000_000, 2, MAX_LIMIT, "count the primes below this number"),
                new JobParam("ranges", 200, 1, 100_000, "split the numbers into this many tasks"));
    }

    @Override
    public String label(JobParams params) {
        return "primes-below-" + params.get("limit");
    }

    @Override
    public JobResult run(ProcessPool pool, JobParams params, JobContext context) {
        List<Range> ranges = Range.split(params.get("limit"), (int) params.get("ranges"));
        long primes = 0;
        try (ResultIterator<RangeCount> counts = pool.imap(PrimeTasks.COUNT_PRIMES, ranges.iterator(), CallOptions.labelled("primes"))) {
            context.phase("counting primes", ranges.size(), counts::progress);
            while (counts.hasNext()) {
                RangeCount count = counts.next();
                primes += count.primes();
                context.emit(count);
            }
        }
        return new JobResult(primes, Map.of("limit", params.get("limit"), "ranges", ranges.size()));
    }
}
