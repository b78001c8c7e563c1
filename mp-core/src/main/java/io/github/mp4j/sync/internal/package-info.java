/**
 * How the primitives of {@code sync} work, private to it: the shared state block and its waiter
 * table ({@link io.github.mp4j.sync.internal.WaitList}), the per-process socket through which
 * other processes wake waiting threads ({@link io.github.mp4j.sync.internal.Waker}), the owner
 * identity in a lock word ({@link io.github.mp4j.sync.internal.OwnerToken}), mutual exclusion
 * ({@link io.github.mp4j.sync.internal.Mutex}) and the primitives' file header
 * ({@link io.github.mp4j.sync.internal.SyncSegment}).
 */
package io.github.mp4j.sync.internal;
