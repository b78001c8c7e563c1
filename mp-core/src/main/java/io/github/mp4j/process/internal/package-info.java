/**
 * How children are started and ended, private to {@code process}: the launcher that builds a
 * child's command line, the bootstrap a parent writes to the child's standard input (never its
 * command line: the auth key travels there), the relay of the child's output, the registry of
 * live children, and class-data sharing that shortens a worker JVM's start.
 */
package io.github.mp4j.process.internal;
