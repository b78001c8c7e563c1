/**
 * State that processes share without copying: {@link io.github.mp4j.shared.SharedMemory}, named
 * blocks of memory any process of the user attaches to (Python's
 * {@code multiprocessing.shared_memory}) and {@link io.github.mp4j.shared.ShareableList}; and typed
 * {@code Value}s ({@link io.github.mp4j.shared.IntValue}, {@link io.github.mp4j.shared.LongValue},
 * {@link io.github.mp4j.shared.DoubleValue}) and {@code Array}s
 * ({@link io.github.mp4j.shared.IntArray}, {@link io.github.mp4j.shared.LongArray},
 * {@link io.github.mp4j.shared.DoubleArray}), each with a lock in its own header or raw, as
 * Python's {@code Value}/{@code Array} and {@code RawValue}/{@code RawArray}. All of them travel
 * to other processes as the name of their shared-memory file, never as their contents.
 */
package io.github.mp4j.shared;
