/**
 * State that processes share without copying: {@link io.github.mp4j.shared.SharedMemory}, named
 * blocks of memory any process of the user attaches to (Python's
 * {@code multiprocessing.shared_memory}), and what is built on them.
 */
package io.github.mp4j.shared;
