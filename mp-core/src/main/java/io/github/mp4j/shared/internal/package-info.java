/**
 * How shared state is laid out, mapped and cleaned up, private to {@link io.github.mp4j.shared}:
 * the segment header, the mapping windows that lift Java 17's 2 GiB limit, the segment files and
 * the tracker that removes orphans; and the header, lock and elements of shared values' and
 * arrays' files ({@link io.github.mp4j.shared.internal.ValueSegment}).
 */
package io.github.mp4j.shared.internal;
