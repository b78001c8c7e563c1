package io.github.mp4j.resource;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.Buffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Accesses to memory by absolute address through {@code sun.misc.Unsafe}, for
 * {@link MappedSegment}'s lock words and values, where the running JDK allows it without a
 * warning: JDK 17 to 23, and later JDKs started with {@code --sun-misc-unsafe-memory-access=allow}
 * (as mp4j starts its worker JVMs); {@link #INSTANCE} is {@code null} elsewhere, and the segment
 * uses its {@code VarHandle}s.
 *
 * <p>Why: a {@code VarHandle} on a buffer runs through a chain of method-handle adapters. Compiled
 * by C2 that chain folds to one instruction, but a child process runs its first tens of
 * thousands of lock operations interpreted or C1-compiled, where each access costs microseconds
 * (measured: about 10 µs per volatile read and compare-and-swap pair interpreted, 0.5-1.5 µs C1);
 * the same pair through {@code Unsafe} is two plain calls. {@code sun.misc.Unsafe} cannot be
 * named in mp4j's sources (javac's warning about proprietary API cannot be suppressed, and the
 * build treats warnings as errors), so the one subclass is written here as class-file bytes and
 * defined as a hidden class; each of its methods loads the {@code Unsafe} and calls the method
 * of the same name with a {@code null} base, nothing else (no branch, so no stack map).
 *
 * <p>Addresses are not checked here: the caller checks offsets against the mapping's size and
 * keeps the mapping pinned while it accesses it.
 */
abstract class RawMemory {

    private static final List<Accessor> ACCESSORS = List.of(
            new Accessor("getIntVolatile", "", 'I'), new Accessor("putIntVolatile", "I", 'V'),
            new Accessor("getLongVolatile", "", 'J'), new Accessor("putLongVolatile", "J", 'V'),
            new Accessor("putOrderedInt", "I", 'V'), new Accessor("putOrderedLong", "J", 'V'),
            new Accessor("getInt", "", 'I'), new Accessor("putInt", "I", 'V'),
            new Accessor("getLong", "", 'J'), new Accessor("putLong", "J", 'V'),
            new Accessor("compareAndSwapInt", "II", 'Z'), new Accessor("compareAndSwapLong", "JJ", 'Z'),
            new Accessor("getAndAddInt", "I", 'I'), new Accessor("getAndAddLong", "J", 'J'));
    /** The accessor, or {@code null} where {@code Unsafe} is unavailable or would warn (JDK 24+ by default, JEP 498). */
    static final RawMemory INSTANCE = create();
    /** The first JDK whose {@code Unsafe} memory accesses warn (JEP 471 deprecated them in 23, JEP 498 warns in 24). */
    private static final int WARNING_FEATURE = 24;
    private static final String UNSAFE = "sun/misc/Unsafe";
    private static final String NAME = "io/github/mp4j/resource/UnsafeMemory";
    private static final String SUPER = "io/github/mp4j/resource/RawMemory";

    /** Where {@link Buffer}'s {@code address} field is, set by {@link #create()}. */
    private long addressField;

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

    /** @return the long field at {@code offset} of an object ({@link Buffer}'s address) */
    abstract long getLongField(Object base, long offset);

    /**
     * @param buffer a direct buffer
     * @return the address of its first byte
     */
    final long address(Buffer buffer) {
        return getLongField(buffer, addressField);
    }

    private static RawMemory create() {
        if (Runtime.version().feature() >= WARNING_FEATURE
                && !"allow".equals(System.getProperty("sun.misc.unsafe.memory.access"))) {
            return null; // it would warn; mp4j's worker JVMs are started with --sun-misc-unsafe-memory-access=allow
        }
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field instance = unsafeClass.getDeclaredField("theUnsafe");
            instance.setAccessible(true);
            Object unsafe = instance.get(null);
            long addressField = (long) unsafeClass.getMethod("objectFieldOffset", Field.class)
                    .invoke(unsafe, Buffer.class.getDeclaredField("address"));
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(classBytes(), true);
            RawMemory memory = (RawMemory) hidden.findConstructor(hidden.lookupClass(),
                    MethodType.methodType(void.class, Object.class)).invoke(unsafe);
            memory.addressField = addressField;
            return memory;
        } catch (Throwable e) { // NOPMD: any failure (a JDK without it, a security policy) means VarHandles
            return null;
        }
    }

    /**
     * The hidden subclass, a Java 17 class file:
     * <pre>
     * final class UnsafeMemory extends RawMemory {
     *     private final sun.misc.Unsafe u;
     *     UnsafeMemory(Object u) { super(); this.u = (sun.misc.Unsafe) u; }
     *     int getIntVolatile(long a) { return u.getIntVolatile(null, a); }
     *     ... one such method per ACCESSORS entry ...
     *     long getLongField(Object o, long f) { return u.getLong(o, f); }
     * }
     * </pre>
     */
    private static byte[] classBytes() throws IOException {
        ConstantPool pool = new ConstantPool();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(body);
        out.writeShort(0x0030); // ACC_FINAL | ACC_SUPER
        out.writeShort(pool.type(NAME));
        out.writeShort(pool.type(SUPER));
        out.writeShort(0); // interfaces
        out.writeShort(1); // fields: private final Unsafe u
        out.writeShort(0x0012);
        out.writeShort(pool.utf8("u"));
        out.writeShort(pool.utf8("L" + UNSAFE + ";"));
        out.writeShort(0);
        int field = pool.member(9, NAME, "u", "L" + UNSAFE + ";");
        out.writeShort(ACCESSORS.size() + 2);
        constructor(out, pool, field);
        for (Accessor accessor : ACCESSORS) {
            accessor(out, pool, field, accessor);
        }
        fieldReader(out, pool, field);
        out.writeShort(0); // class attributes
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream header = new DataOutputStream(file);
        header.writeInt(0xCAFEBABE);
        header.writeShort(0);
        header.writeShort(61); // Java 17
        pool.writeTo(header);
        body.writeTo(file);
        return file.toByteArray();
    }

    private static void constructor(DataOutputStream out, ConstantPool pool, int field) throws IOException {
        byte[] code = ByteCode.of(0x2a, 0xb7, pool.member(10, SUPER, "<init>", "()V"), 0x2a, 0x2b,
                0xc0, pool.type(UNSAFE), 0xb5, field, 0xb1);
        method(out, pool, 0, "<init>", "(Ljava/lang/Object;)V", 2, 2, code);
    }

    /** {@code aload_0; getfield u; aconst_null; lload_1; <load each parameter>; invokevirtual; <return>}. */
    private static void accessor(DataOutputStream out, ConstantPool pool, int field, Accessor accessor)
            throws IOException {
        List<Integer> code = new ArrayList<>(List.of(0x2a, 0xb4, field, 0x01, 0x1f));
        int slot = 3;
        for (char parameter : accessor.parameters().toCharArray()) {
            code.add(parameter == 'J' ? 0x16 : 0x15); // lload / iload
            code.add(slot);
            slot += parameter == 'J' ? 2 : 1;
        }
        String unsafeDescriptor = "(Ljava/lang/Object;J" + accessor.parameters() + ")" + accessor.result();
        code.add(0xb6);
        code.add(pool.member(10, UNSAFE, accessor.name(), unsafeDescriptor));
        code.add(accessor.result() == 'V' ? 0xb1 : accessor.result() == 'J' ? 0xad : 0xac);
        String descriptor = "(J" + accessor.parameters() + ")" + accessor.result();
        method(out, pool, 0, accessor.name(), descriptor, slot + 1, slot, ByteCode.of(code));
    }

    private static void fieldReader(DataOutputStream out, ConstantPool pool, int field) throws IOException {
        byte[] code = ByteCode.of(0x2a, 0xb4, field, 0x2b, 0x20,
                0xb6, pool.member(10, UNSAFE, "getLong", "(Ljava/lang/Object;J)J"), 0xad);
        method(out, pool, 0, "getLongField", "(Ljava/lang/Object;J)J", 5, 4, code);
    }

    private static void method(DataOutputStream out, ConstantPool pool, int access, String name, String descriptor,
            int maxStack, int maxLocals, byte[] code) throws IOException {
        out.writeShort(access);
        out.writeShort(pool.utf8(name));
        out.writeShort(pool.utf8(descriptor));
        out.writeShort(1);
        out.writeShort(pool.utf8("Code"));
        out.writeInt(12 + code.length);
        out.writeShort(maxStack);
        out.writeShort(maxLocals);
        out.writeInt(code.length);
        out.write(code);
        out.writeShort(0); // exception table
        out.writeShort(0); // code attributes
    }

    /** One method: its name (ours and Unsafe's), its parameters after the address, its result. */
    private record Accessor(String name, String parameters, char result) {
    }

    /** Byte code from opcodes and operands: values above 0xff are constant-pool indexes, written as two bytes. */
    private static final class ByteCode {

        private ByteCode() {
        }

        static byte[] of(int... parts) {
            List<Integer> list = new ArrayList<>();
            for (int part : parts) {
                list.add(part);
            }
            return of(list);
        }

        /** Constant-pool indexes are tagged by {@link ConstantPool} with bit 16 so that small ones are told apart. */
        static byte[] of(List<Integer> parts) {
            ByteArrayOutputStream code = new ByteArrayOutputStream();
            for (int part : parts) {
                if ((part & ConstantPool.TAG) != 0) {
                    code.write((part >> 8) & 0xff);
                    code.write(part & 0xff);
                } else {
                    code.write(part);
                }
            }
            return code.toByteArray();
        }
    }

    /** A class file's constant pool, each entry once; indexes carry {@link #TAG} until written. */
    private static final class ConstantPool {

        static final int TAG = 1 << 16;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);
        private final Map<String, Integer> indexes = new HashMap<>();
        private int count = 1;

        int utf8(String text) throws IOException {
            Integer known = indexes.get("U" + text);
            if (known != null) {
                return known;
            }
            out.writeByte(1);
            out.writeUTF(text);
            return remember("U" + text);
        }

        int type(String internalName) throws IOException {
            Integer known = indexes.get("C" + internalName);
            if (known != null) {
                return known;
            }
            int name = utf8(internalName);
            out.writeByte(7);
            out.writeShort(name & 0xffff);
            return remember("C" + internalName);
        }

        /** @param kind 9 for a field, 10 for a method */
        int member(int kind, String owner, String name, String descriptor) throws IOException {
            String key = kind + owner + "." + name + descriptor;
            Integer known = indexes.get(key);
            if (known != null) {
                return known;
            }
            int type = type(owner);
            int nameIndex = utf8(name);
            int descriptorIndex = utf8(descriptor);
            out.writeByte(12);
            out.writeShort(nameIndex & 0xffff);
            out.writeShort(descriptorIndex & 0xffff);
            int nameAndType = remember("N" + key);
            out.writeByte(kind);
            out.writeShort(type & 0xffff);
            out.writeShort(nameAndType & 0xffff);
            return remember(key);
        }

        private int remember(String key) {
            int index = count++ | TAG;
            indexes.put(key, index);
            return index;
        }

        void writeTo(DataOutputStream target) throws IOException {
            target.writeShort(count);
            bytes.writeTo(target);
        }
    }
}
