/**
 * How shared memory is laid out, mapped and cleaned up: the segment header, the mapping windows
 * that lift Java 17's 2 GiB limit, the segment files and the tracker that removes orphans.
 * Private to {@link io.github.mp4j.shared}.
 */
package io.github.mp4j.shared.internal;
