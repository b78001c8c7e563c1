/**
 * mp4j's benchmark suite: the workloads of CPython's {@code python_mp_bench.py} with the same
 * names, sizes and timing boundaries, printed as {@code NAME value unit} lines
 * ({@link io.github.mp4j.bench.BenchMain}); {@code mp-bench/compare.py} runs both suites, or two
 * mp4j builds, alternately and compares their medians.
 */
package io.github.mp4j.bench;
