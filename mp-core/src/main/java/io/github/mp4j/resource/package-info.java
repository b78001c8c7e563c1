/**
 * Operating-system resources mp4j creates and must clean up: the user-private runtime directory
 * for socket and shared-memory files ({@link io.github.mp4j.resource.RuntimeDirectory}), mapped
 * shared-memory segments ({@link io.github.mp4j.resource.MappedSegment}), and closing several
 * resources at once ({@link io.github.mp4j.resource.Closeables}).
 */
package io.github.mp4j.resource;
