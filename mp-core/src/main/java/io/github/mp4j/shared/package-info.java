/**
 * State shared by processes through shared memory: {@code Value}s ({@link io.github.mp4j.shared.IntValue},
 * {@link io.github.mp4j.shared.LongValue}, {@link io.github.mp4j.shared.DoubleValue}) and
 * {@code Array}s ({@link io.github.mp4j.shared.IntArray}, {@link io.github.mp4j.shared.LongArray},
 * {@link io.github.mp4j.shared.DoubleArray}), each with a lock in its own header or raw, as
 * Python's {@code Value}/{@code Array} and {@code RawValue}/{@code RawArray}. They travel to
 * other processes as the name of their shared-memory file.
 */
package io.github.mp4j.shared;
