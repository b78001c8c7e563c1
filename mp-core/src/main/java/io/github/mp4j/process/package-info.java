/**
 * Processes: {@link io.github.mp4j.process.ChildProcess} runs a serializable lambda in a fresh
 * child JVM (start, join, exit code, terminate, kill, daemon children), as CPython's
 * {@code Process}. {@link io.github.mp4j.process.JvmOptions} says how children are launched,
 * {@link io.github.mp4j.process.ExitCodes} what their exit codes mean, and
 * {@link io.github.mp4j.process.ChildMain} is the main class every child JVM runs.
 */
package io.github.mp4j.process;
