/**
 * Synchronization primitives shared by processes and threads, with Python's names and
 * semantics: {@link io.github.mp4j.sync.Lock}, {@link io.github.mp4j.sync.RLock},
 * {@link io.github.mp4j.sync.Semaphore}, {@link io.github.mp4j.sync.BoundedSemaphore},
 * {@link io.github.mp4j.sync.Condition}, {@link io.github.mp4j.sync.Event} and
 * {@link io.github.mp4j.sync.Barrier}. Each keeps its state in a small shared-memory file and
 * travels to other processes as that file's name. A lock whose owner's process dies is taken
 * over by the next acquirer, which learns it by {@link io.github.mp4j.sync.OwnerDiedException}.
 */
package io.github.mp4j.sync;
