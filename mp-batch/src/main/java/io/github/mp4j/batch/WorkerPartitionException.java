package io.github.mp4j.batch;

import io.github.mp4j.MpException;
import java.io.Serial;

/**
 * A partition failed in its worker JVM: the message names the partition and carries the
 * worker's stack trace. It is the failure exception of the partition's {@code StepExecution}.
 */
public final class WorkerPartitionException extends MpException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, with the worker's stack trace
     */
    public WorkerPartitionException(String message) {
        super(message);
    }
}
