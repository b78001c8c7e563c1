package io.github.mp4j.bench;

/** A workload's result was wrong (Python's {@code CheckFailed}); the workload then counts as failed. */
final class CheckFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CheckFailedException(String what) {
        super(what);
    }
}
