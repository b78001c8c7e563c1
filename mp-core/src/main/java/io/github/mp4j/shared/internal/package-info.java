/**
 * How shared values and arrays are laid out, private to {@code shared}: the header, lock and
 * elements of their files ({@link io.github.mp4j.shared.internal.ValueSegment}).
 */
package io.github.mp4j.shared.internal;
