package io.github.mp4j.resource;

import java.nio.Buffer;
import java.nio.ByteBuffer;

/**
 * Accesses to memory by absolute address through {@code sun.misc.Unsafe}, for
 * {@link MappedSegment}'s lock words and values, where the running JDK allows it without a
 * warning (JDK 17 to 23, and later JDKs started with {@code --sun-misc-unsafe-memory-access=allow},
 * as mp4j starts its child JVMs); {@link #INSTANCE} is {@code null} elsewhere, and the segment uses
 * its {@code VarHandle}s.
 *
 * <p>Why: a {@code VarHandle} on a buffer runs through a chain of method-handle adapters. Compiled
 * by C2 that chain folds to one instruction, but a child process runs its first tens of
 * thousands of lock operations interpreted or C1-compiled, where each access costs microseconds
 * (measured: about 10 µs per volatile read and compare-and-swap pair interpreted, 0.5-1.5 µs C1);
 * the same pair through {@code Unsafe} is two plain calls.
 *
 * <p>The implementation, {@code UnsafeMemory}, is in its own source root ({@code src/main/unsafe}):
 * javac's warning about proprietary API cannot be suppressed and the build treats warnings as
 * errors, so it is compiled by a second execution without {@code -Werror}, and loaded here by name.
 *
 * <p>Addresses are not checked here: the caller checks offsets against the mapping's size and
 * keeps the mapping pinned while it accesses it.
 */
abstract class RawMemory {

    /** The accessor, or {@code null} where {@code Unsafe} is unavailable or would warn (JDK 24+, JEP 498). */
    static final RawMemory INSTANCE = create();
    /** The first JDK whose {@code Unsafe} memory accesses warn (JEP 471 deprecated them in 23, JEP 498 warns in 24). */
    private static final int WARNING_FEATURE = 24;
    private static final String IMPLEMENTATION = "io.github.mp4j.resource.UnsafeMemory";

    /** @return the int at an address, volatile */
    abstract int getIntVolatile(long address);

    /** Stores an int at an address, volatile. */
    abstract void putIntVolatile(long address, int value);

    /** @return the long at an address, volatile */
    abstract long getLongVolatile(long address);

    /** Stores a long at an address, volatile. */
    abstract void putLongVolatile(long address, long value);

    /** Stores an int at an address, release (a store-store fence before). */
    abstract void putOrderedInt(long address, int value);

    /** Stores a long at an address, release. */
    abstract void putOrderedLong(long address, long value);

    /** @return the int at an address, plain */
    abstract int getInt(long address);

    /** Stores an int at an address, plain. */
    abstract void putInt(long address, int value);

    /** @return the long at an address, plain */
    abstract long getLong(long address);

    /** Stores a long at an address, plain. */
    abstract void putLong(long address, long value);

    /** @return whether the int at an address was {@code expected} and is now {@code value} */
    abstract boolean compareAndSwapInt(long address, int expected, int value);

    /** @return whether the long at an address was {@code expected} and is now {@code value} */
    abstract boolean compareAndSwapLong(long address, long expected, long value);

    /** @return the int at an address before {@code delta} was added atomically */
    abstract int getAndAddInt(long address, int delta);

    /** @return the long at an address before {@code delta} was added atomically */
    abstract long getAndAddLong(long address, long delta);

    /**
     * @param buffer a direct buffer
     * @return the address of its first byte
     */
    abstract long address(Buffer buffer);

    /**
     * Unmaps a mapped buffer (or frees a direct one) now: {@code Unsafe.invokeCleaner}, called
     * directly, where reflection costs microseconds per call until the JIT compiles it.
     *
     * @param buffer a buffer from {@code FileChannel.map} or {@code allocateDirect}, not a slice or duplicate
     */
    abstract void invokeCleaner(ByteBuffer buffer);

    private static RawMemory create() {
        if (Runtime.version().feature() >= WARNING_FEATURE
                && !"allow".equals(System.getProperty("sun.misc.unsafe.memory.access"))) {
            return null; // it would warn; mp4j's child JVMs are started with --sun-misc-unsafe-memory-access=allow
        }
        try {
            return (RawMemory) Class.forName(IMPLEMENTATION).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null; // a JDK without sun.misc.Unsafe, or a security policy: the VarHandles serve
        }
    }
}
