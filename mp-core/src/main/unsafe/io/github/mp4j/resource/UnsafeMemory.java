package io.github.mp4j.resource;

import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;

/**
 * {@link RawMemory} through {@code sun.misc.Unsafe}: each method is one call to the
 * {@code Unsafe} method of the same name with a {@code null} base, so that it costs little even
 * interpreted or compiled by C1.
 *
 * <p>This is the only source of mp4j that names {@code sun.misc.Unsafe}. javac's warning about
 * proprietary API cannot be suppressed, and the build treats warnings as errors, so this file
 * lives in its own source root ({@code src/main/unsafe}) compiled by a second compiler execution
 * without {@code -Werror} (see mp-core's {@code pom.xml}). Nothing refers to it by name: {@link
 * RawMemory} loads it reflectively, where the running JDK allows its use without a warning.
 */
final class UnsafeMemory extends RawMemory {

    /** A static final: the JIT treats it as a constant, so each access compiles to the bare memory operation. */
    private static final sun.misc.Unsafe U = theUnsafe();
    private static final long ADDRESS = addressFieldOffset();

    UnsafeMemory() {
        super();
    }

    private static sun.misc.Unsafe theUnsafe() {
        try {
            Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return (sun.misc.Unsafe) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("sun.misc.Unsafe is not reachable", e);
        }
    }

    private static long addressFieldOffset() {
        try {
            return U.objectFieldOffset(Buffer.class.getDeclaredField("address"));
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("java.nio.Buffer has no address field", e);
        }
    }

    @Override
    int getIntVolatile(long address) {
        return U.getIntVolatile(null, address);
    }

    @Override
    void putIntVolatile(long address, int value) {
        U.putIntVolatile(null, address, value);
    }

    @Override
    long getLongVolatile(long address) {
        return U.getLongVolatile(null, address);
    }

    @Override
    void putLongVolatile(long address, long value) {
        U.putLongVolatile(null, address, value);
    }

    @Override
    void putOrderedInt(long address, int value) {
        U.putOrderedInt(null, address, value);
    }

    @Override
    void putOrderedLong(long address, long value) {
        U.putOrderedLong(null, address, value);
    }

    @Override
    int getInt(long address) {
        return U.getInt(null, address);
    }

    @Override
    void putInt(long address, int value) {
        U.putInt(null, address, value);
    }

    @Override
    long getLong(long address) {
        return U.getLong(null, address);
    }

    @Override
    void putLong(long address, long value) {
        U.putLong(null, address, value);
    }

    @Override
    boolean compareAndSwapInt(long address, int expected, int value) {
        return U.compareAndSwapInt(null, address, expected, value);
    }

    @Override
    boolean compareAndSwapLong(long address, long expected, long value) {
        return U.compareAndSwapLong(null, address, expected, value);
    }

    @Override
    int getAndAddInt(long address, int delta) {
        return U.getAndAddInt(null, address, delta);
    }

    @Override
    long getAndAddLong(long address, long delta) {
        return U.getAndAddLong(null, address, delta);
    }

    @Override
    long address(Buffer buffer) {
        return U.getLong(buffer, ADDRESS);
    }

    @Override
    void invokeCleaner(ByteBuffer buffer) {
        U.invokeCleaner(buffer);
    }
}
