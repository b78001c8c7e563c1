package io.github.mp4j.demo.job;

import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.Progress;
import io.github.mp4j.pool.TaskFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One run of a {@link JobType}: its state, its progress as the pool reports it, and the partial
 * results published so far. Thread-safe; readers wait on it for new results.
 */
public final class Job implements JobContext {

    private static final Supplier<Progress> NOTHING_YET = () -> new Progress(0, 0);

    private final String id;
    private final JobType type;
    private final JobParams params;
    private final String label;
    private final Instant submittedAt = Instant.now();
    private final List<Object> chunks = new ArrayList<>();

    private JobState state = JobState.QUEUED;
    private String phase = "queued";
    private long phaseTasks;
    private Supplier<Progress> phaseProgress = NOTHING_YET;
    private long tasksInEarlierPhases;
    private long startedNanos;
    private long finishedNanos;
    private Instant startedAt;
    private Instant finishedAt;
    private JobResult result;
    private String error;
    /** The thread running the job, while it runs: interrupted to cancel it. */
    private Thread runner;
    private boolean cancelRequested;

    Job(String id, JobType type, JobParams params) {
        this.id = id;
        this.type = type;
        this.params = params;
        this.label = type.label(params);
    }

    /** @return the job's id */
    public String id() {
        return id;
    }

    /** @return a short name for this run */
    public String label() {
        return label;
    }

    @Override
    public synchronized void phase(String name, long tasks, Supplier<Progress> progress) {
        tasksInEarlierPhases += phaseTasks;
        phase = Objects.requireNonNull(name, "name");
        phaseTasks = tasks;
        phaseProgress = Objects.requireNonNull(progress, "progress");
    }

    @Override
    public synchronized void emit(Object chunk) {
        chunks.add(Objects.requireNonNull(chunk, "chunk"));
        notifyAll();
    }

    /**
     * Runs the job on the calling thread; it ends in {@link JobState#SUCCEEDED}, {@link JobState#FAILED}
     * or, if it was cancelled, {@link JobState#CANCELLED}.
     */
    void run(ProcessPool pool) {
        synchronized (this) {
            if (cancelRequested) {
                return;
            }
            runner = Thread.currentThread();
            state = JobState.RUNNING;
            phase = "starting";
            startedAt = Instant.now();
            startedNanos = System.nanoTime();
        }
        JobResult outcome = null;
        String failure = null;
        try {
            outcome = Objects.requireNonNull(type.run(pool, params, this), "job result");
        } catch (TaskFailedException e) {
            failure = e.getMessage() + (e.getCause() == null ? "" : " (caused by " + e.getCause() + ")");
        } catch (RuntimeException e) {
            failure = e.toString();
        }
        synchronized (this) {
            runner = null;
        }
        // a cancel's interrupt may still be pending on this pooled thread
        Thread.interrupted();
        finish(outcome, failure);
    }

    /**
     * Cancels the job: a queued job never starts; a running one's thread is interrupted, which
     * makes its pool call stop (an {@code imap} is closed, an {@code AsyncResult} cancelled; see
     * {@link JobContext}), and the job ends as {@link JobState#CANCELLED}.
     *
     * @return whether the job was still queued or running
     */
    public synchronized boolean cancel() {
        if (state.finished() || cancelRequested) {
            return false;
        }
        cancelRequested = true;
        if (runner != null) {
            runner.interrupt();
        } else {
            finish(null, "cancelled before it started");
        }
        return true;
    }

    private synchronized void finish(JobResult outcome, String failure) {
        finishedNanos = System.nanoTime();
        finishedAt = Instant.now();
        result = outcome;
        error = failure;
        if (outcome != null) {
            tasksInEarlierPhases += phaseTasks;
            phaseProgress = () -> new Progress(phaseTasks, phaseTasks);
            phase = "done";
        } else {
            phase = cancelRequested ? "cancelled" : "failed";
        }
        state = outcome != null ? JobState.SUCCEEDED : cancelRequested ? JobState.CANCELLED : JobState.FAILED;
        notifyAll();
    }

    /**
     * @param timeout how long to wait at most
     * @return whether the job finished in time
     * @throws InterruptedException if interrupted while waiting
     */
    public synchronized boolean awaitFinished(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!state.finished()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /**
     * Waits until there are partial results after the first {@code from}, or the job finished.
     *
     * @param from how many results the reader has already
     * @param maxWait how long to wait at most
     * @return the results after {@code from}, and whether no more will follow
     * @throws InterruptedException if interrupted while waiting
     */
    public synchronized ChunkSlice awaitChunks(int from, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (chunks.size() <= from && !state.finished()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        List<Object> next = from < chunks.size() ? List.copyOf(chunks.subList(from, chunks.size())) : List.of();
        return new ChunkSlice(next, state.finished());
    }

    /** @return the job as it is now */
    public JobView view() {
        Supplier<Progress> progress;
        synchronized (this) {
            progress = phaseProgress;
        }
        Progress now = progress.get();
        synchronized (this) {
            long total = now.total() >= 0 ? now.total() : phaseTasks;
            long done = now.done();
            double percent = state == JobState.SUCCEEDED ? 100.0 : total == 0 ? 0.0 : Math.min(100.0, 100.0 * done / total);
            long tasksDone = tasksInEarlierPhases + (state == JobState.SUCCEEDED ? 0 : done);
            long end = finishedAt != null ? finishedNanos : System.nanoTime();
            double seconds = startedAt == null ? 0 : (end - startedNanos) / 1e9;
            double rate = seconds > 0 ? tasksDone / seconds : 0;
            return new JobView(id, type.name(), label, params.asMap(), state, phase, done, total, percent, tasksDone, rate,
                    chunks.size(), submittedAt, startedAt, finishedAt, result == null ? null : result.value(),
                    result == null ? null : result.details(), error);
        }
    }

    /**
     * Partial results handed to a reader.
     *
     * @param chunks the results, in the order published
     * @param finished whether the job has finished, so nothing follows them
     */
    public record ChunkSlice(List<Object> chunks, boolean finished) {
    }
}
