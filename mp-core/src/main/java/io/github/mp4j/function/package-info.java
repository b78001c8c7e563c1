/**
 * Functional interfaces that are also {@link java.io.Serializable}, so that a lambda or method
 * reference written against them can run in another process.
 */
package io.github.mp4j.function;
