package io.github.mp4j.bench;

import io.github.mp4j.process.ChildProcess;

/** Result checks every workload makes, as {@code check} and {@code check_exit} in the Python suite. */
final class Checks {

    private Checks() {
    }

    /**
     * @param condition what must hold
     * @param what the failure message
     * @throws CheckFailedException if {@code condition} is false
     */
    static void check(boolean condition, String what) {
        if (!condition) {
            throw new CheckFailedException(what);
        }
    }

    /**
     * @param process a joined process
     * @throws CheckFailedException unless it exited with 0
     */
    static void checkExit(ChildProcess process) {
        Integer code = process.exitCode();
        check(code != null && code == 0, process.name() + " exited with " + code);
    }
}
