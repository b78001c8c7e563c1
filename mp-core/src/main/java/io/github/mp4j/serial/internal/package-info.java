/**
 * Kryo serializers and configuration, private to {@code serial}:
 * {@link io.github.mp4j.serial.internal.KryoFactory} is the one place Kryo is configured; the
 * serializers cover JDK types Kryo does not handle safely on its own, and refuse classes whose
 * fields this JVM may not read with a message that names them.
 */
package io.github.mp4j.serial.internal;
