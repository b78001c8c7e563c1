package io.github.mp4j.bench;

/**
 * A named workload. Its name is its main metric, as in the Python suite's {@code WORKLOADS}; a
 * workload may record further metrics under other names.
 *
 * @param name what {@code --only} selects it by
 * @param body what it runs: warm-up and measured runs, recorded on the suite
 */
record Workload(String name, Body body) {

    /** A workload's code: measure through {@link Suite#bench} or {@link Suite#record}. */
    @FunctionalInterface
    interface Body {
        void run(Suite suite) throws Exception;
    }
}
