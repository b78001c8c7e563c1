/**
 * The Spring Batch workloads' jobs ({@code batch_partitioned_rows_per_s},
 * {@code batch_partitioned_vs_threads}): the only part of mp-bench that may use a framework, so
 * that the rest stays as plain as the Python suite it mirrors.
 */
package io.github.mp4j.bench.batch;
