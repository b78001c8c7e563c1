package io.github.mp4j.batch;

import java.io.PrintWriter;
import java.io.Serial;
import java.io.Serializable;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What a partition did in its worker JVM, sent back to the manager JVM, which writes it to the
 * partition's {@code StepExecution} in the {@code JobRepository}: the status, the exit status,
 * the counts and the execution context (what the partition's streams saved, so that a restart
 * resumes from it), and for a failed partition the worker's exception, as text.
 *
 * <p>Counts are those of the completed chunks only, as in a local step, where a failed chunk's
 * reads and writes are rolled back.
 */
public final class PartitionReport implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final BatchStatus status;
    private final String exitCode;
    private final String exitDescription;
    private final Counts counts;
    private final Map<String, Object> context;
    private final String failure;

    private PartitionReport(BatchStatus status, ExitStatus exit, Counts counts, ExecutionContext context, String failure) {
        this.status = status;
        this.exitCode = exit.getExitCode();
        this.exitDescription = exit.getExitDescription();
        this.counts = counts;
        this.context = new LinkedHashMap<>(context.toMap());
        this.failure = failure;
    }

    /**
     * @param counts what the partition read, filtered, wrote and skipped
     * @param context its execution context at the end
     * @return the report of a partition that completed
     */
    public static PartitionReport completed(Counts counts, ExecutionContext context) {
        return new PartitionReport(BatchStatus.COMPLETED, ExitStatus.COMPLETED, counts, context, null);
    }

    /**
     * @param counts what the partition's completed chunks read, filtered, wrote and skipped
     * @param context its execution context as of its last completed chunk
     * @param failure why it failed
     * @return the report of a partition that failed
     */
    public static PartitionReport failed(Counts counts, ExecutionContext context, Throwable failure) {
        return new PartitionReport(BatchStatus.FAILED, ExitStatus.FAILED.addExitDescription(failure), counts, context,
                stackTrace(failure));
    }

    private static String stackTrace(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    /** @return {@code COMPLETED} or {@code FAILED} */
    public BatchStatus status() {
        return status;
    }

    /** @return the exit status */
    public ExitStatus exitStatus() {
        return new ExitStatus(exitCode, exitDescription);
    }

    /** @return the counts */
    public Counts counts() {
        return counts;
    }

    /** @return the partition's execution context at the end (as of its last completed chunk if it failed) */
    public ExecutionContext executionContext() {
        return new ExecutionContext(new LinkedHashMap<>(context));
    }

    /** @return the worker's stack trace of the failure, or {@code null} if the partition completed */
    public String failure() {
        return failure;
    }

    @Override
    public String toString() {
        return "PartitionReport[" + status + ", " + counts + "]";
    }

    /**
     * The counts of a partition, as a {@code StepExecution} keeps them.
     *
     * @param read items read
     * @param filtered items the processor filtered out (returned {@code null} for)
     * @param written items written
     * @param commits chunks completed
     * @param readSkips items skipped on reading
     * @param processSkips items skipped on processing
     * @param writeSkips items skipped on writing
     * @param rollbacks chunks rolled back
     */
    public record Counts(long read, long filtered, long written, long commits, long readSkips, long processSkips,
                         long writeSkips, long rollbacks) implements Serializable {

        /** No work done. */
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, 0);

        /**
         * @param readCount items read
         * @param writeCount items written
         * @return counts of a partition that read and wrote, in one chunk, and skipped nothing
         */
        public static Counts of(long readCount, long writeCount) {
            return new Counts(readCount, readCount - writeCount, writeCount, 1, 0, 0, 0, 0);
        }
    }
}
