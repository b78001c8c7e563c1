package io.github.mp4j.resource;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A file in the {@linkplain RuntimeDirectory#sharedMemory() shared-memory directory}, mapped into
 * this process: memory that processes of one user share.
 *
 * <p>The creating process makes the file ({@code rw-------}, named by
 * {@link RuntimeDirectory#newSharedMemoryFile}) and fills it by writing, not through the
 * mapping, so that a full {@code /dev/shm} is an {@link IOException} now instead of a
 * {@code SIGBUS} at the first store. Another process {@linkplain #open opens} it by name. The
 * file can be {@linkplain #unlink unlinked} as soon as every process that needs it has it
 * mapped; the memory lives until the last mapping goes. The creator unlinks it at the latest on
 * {@link #close()}, and {@link RuntimeDirectory} removes it after a crash.
 *
 * <p>{@link #close()} unmaps at once rather than when the garbage collector gets round to it
 * (memory in {@code /dev/shm} counts against the machine, not the heap). Touching an unmapped
 * segment would crash the JVM, so every access runs between {@link #enter()} and {@link #exit()},
 * and the mapping is released by whichever of {@code close} and the last {@code exit} comes last.
 * Where the JDK offers no way to unmap, the garbage collector does it.
 *
 * <p>Ordered accesses ({@code Acquire}/{@code Release}) use the platform's byte order and need
 * offsets aligned to their size; they order this process's accesses against another process's
 * as they would between threads.
 */
public final class MappedSegment implements AutoCloseable {

    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    private static final Set<OpenOption> OPEN = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 << 10).asReadOnlyBuffer();
    private static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final Consumer<ByteBuffer> UNMAPPER = unmapper();
    /** Accesses by address where the JDK allows them without a warning; {@code null}: the VarHandles above. */
    private static final RawMemory RAW = RawMemory.INSTANCE;
    /** Bulk reads of at least this many bytes, in a process that did not create the file, go through the file. */
    public static final int FILE_READ_MIN = 256 << 10;
    /** The largest piece of a bulk read through the file. */
    private static final int FILE_CHUNK = 256 << 10;
    /** One reused buffer per thread that reads through the file: a new direct buffer costs more than the read. */
    private static final ThreadLocal<ByteBuffer> FILE_CHUNKS = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(FILE_CHUNK).order(ByteOrder.nativeOrder()));
    /** Set in {@link #users} once closed; the low bits count threads between enter and exit. */
    private static final int CLOSED = 1 << 30;

    private final Path file;
    private final MappedByteBuffer memory;
    /** The mapping's first byte, for {@link #RAW}. */
    private final long address;
    private final int size;
    private final boolean created;
    private final AtomicInteger users = new AtomicInteger();
    private volatile boolean unlinked;
    /** The file opened for {@link #read}s through it, on the first; closed by {@link #close()}. */
    private volatile FileChannel reader;
    /** Set once the file could not be opened for reading: reads go through the mapping only. */
    private boolean noReader;

    private MappedSegment(Path file, MappedByteBuffer memory, boolean created) {
        this.file = file;
        this.memory = memory;
        this.address = RAW == null ? 0 : RAW.address(memory);
        this.size = memory.capacity();
        this.created = created;
    }

    /**
     * Creates, fills with zeros and maps a new file.
     *
     * @param suffix the file name's extension, without the dot
     * @param size the segment's size in bytes
     * @return the segment; its file stays until {@link #unlink()} or {@link #close()}
     * @throws IOException if the file cannot be made (a full {@code /dev/shm}, say); nothing is left behind
     */
    public static MappedSegment create(String suffix, int size) throws IOException {
        Path file = RuntimeDirectory.newSharedMemoryFile(suffix);
        try (FileChannel channel = FileChannel.open(file, CREATE,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            for (long position = 0; position < size; ) {
                ByteBuffer zeros = ZEROS.duplicate();
                zeros.limit((int) Math.min(zeros.capacity(), size - position));
                position += channel.write(zeros, position);
            }
            return new MappedSegment(file, channel.map(FileChannel.MapMode.READ_WRITE, 0, size), true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /**
     * Maps a file that another process of this user {@linkplain #create created}.
     *
     * @param name the file's name, as the creator sent it
     * @param suffix the extension the file must have
     * @param size the size the file must have
     * @return the segment
     * @throws IllegalArgumentException if {@code name} is not the name of such a file
     * @throws IOException if there is no such file of that size (never a link) in the directory
     */
    public static MappedSegment open(String name, String suffix, int size) throws IOException {
        Path file = RuntimeDirectory.sharedMemoryFile(name, suffix);
        try (FileChannel channel = FileChannel.open(file, OPEN)) {
            if (channel.size() != size) {
                throw new IOException(file + " has " + channel.size() + " bytes, not " + size);
            }
            return new MappedSegment(file, channel.map(FileChannel.MapMode.READ_WRITE, 0, size), false);
        }
    }

    /** @return the file's name, which {@link #open} takes */
    public String name() {
        return file.getFileName().toString();
    }

    /** @return the segment's size in bytes */
    public int size() {
        return size;
    }

    /** Removes the file; the mappings stay valid. Harmless if already done, by any process. */
    public void unlink() {
        if (unlinked) {
            return;
        }
        unlinked = true;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left to RuntimeDirectory's clean-up of dead processes' files
        }
    }

    /**
     * Pins the mapping until {@link #exit()}; every access must be pinned.
     *
     * @return {@code false} if the segment is closed: do not touch it
     */
    public boolean enter() {
        while (true) {
            int state = users.get();
            if ((state & CLOSED) != 0) {
                return false;
            }
            if (users.compareAndSet(state, state + 1)) {
                return true;
            }
        }
    }

    /** Ends an access begun by a successful {@link #enter()}. */
    public void exit() {
        if (users.decrementAndGet() == CLOSED) {
            unmap(memory);
        }
    }

    /**
     * @param offset a multiple of 4
     * @return the int there, read with acquire semantics
     */
    public int getIntAcquire(int offset) {
        if (RAW != null) {
            return RAW.getIntVolatile(at(offset, Integer.BYTES));
        }
        return (int) INTS.getAcquire(memory, offset);
    }

    /**
     * @param offset a multiple of 4
     * @param value stored with release semantics
     */
    public void setIntRelease(int offset, int value) {
        if (RAW != null) {
            RAW.putOrderedInt(at(offset, Integer.BYTES), value);
            return;
        }
        INTS.setRelease(memory, offset, value);
    }

    /**
     * @param offset a multiple of 8
     * @return the long there, read with acquire semantics
     */
    public long getLongAcquire(int offset) {
        if (RAW != null) {
            return RAW.getLongVolatile(at(offset, Long.BYTES));
        }
        return (long) LONGS.getAcquire(memory, offset);
    }

    /**
     * @param offset a multiple of 8
     * @param value stored with release semantics
     */
    public void setLongRelease(int offset, long value) {
        if (RAW != null) {
            RAW.putOrderedLong(at(offset, Long.BYTES), value);
            return;
        }
        LONGS.setRelease(memory, offset, value);
    }

    /**
     * @param offset a multiple of 4
     * @return the int there, read with volatile semantics
     */
    public int getIntVolatile(int offset) {
        if (RAW != null) {
            return RAW.getIntVolatile(at(offset, Integer.BYTES));
        }
        return (int) INTS.getVolatile(memory, offset);
    }

    /**
     * @param offset a multiple of 4
     * @param value stored with volatile semantics
     */
    public void setIntVolatile(int offset, int value) {
        if (RAW != null) {
            RAW.putIntVolatile(at(offset, Integer.BYTES), value);
            return;
        }
        INTS.setVolatile(memory, offset, value);
    }

    /**
     * @param offset a multiple of 8
     * @return the long there, read with volatile semantics
     */
    public long getLongVolatile(int offset) {
        if (RAW != null) {
            return RAW.getLongVolatile(at(offset, Long.BYTES));
        }
        return (long) LONGS.getVolatile(memory, offset);
    }

    /**
     * @param offset a multiple of 8
     * @param value stored with volatile semantics
     */
    public void setLongVolatile(int offset, long value) {
        if (RAW != null) {
            RAW.putLongVolatile(at(offset, Long.BYTES), value);
            return;
        }
        LONGS.setVolatile(memory, offset, value);
    }

    /**
     * Atomically replaces the int at {@code offset}, with volatile semantics; atomic against
     * other processes too, as the processor's compare-and-swap is.
     *
     * @param offset a multiple of 4
     * @param expected the value it must have
     * @param value the new value
     * @return whether it had {@code expected} and now has {@code value}
     */
    public boolean compareAndSetInt(int offset, int expected, int value) {
        if (RAW != null) {
            return RAW.compareAndSwapInt(at(offset, Integer.BYTES), expected, value);
        }
        return INTS.compareAndSet(memory, offset, expected, value);
    }

    /**
     * Atomically replaces the long at {@code offset}, with volatile semantics.
     *
     * @param offset a multiple of 8
     * @param expected the value it must have
     * @param value the new value
     * @return whether it had {@code expected} and now has {@code value}
     */
    public boolean compareAndSetLong(int offset, long expected, long value) {
        if (RAW != null) {
            return RAW.compareAndSwapLong(at(offset, Long.BYTES), expected, value);
        }
        return LONGS.compareAndSet(memory, offset, expected, value);
    }

    /**
     * @param offset a multiple of 4
     * @param delta added atomically, with volatile semantics
     * @return the value before
     */
    public int getAndAddInt(int offset, int delta) {
        if (RAW != null) {
            return RAW.getAndAddInt(at(offset, Integer.BYTES), delta);
        }
        return (int) INTS.getAndAdd(memory, offset, delta);
    }

    /**
     * @param offset a multiple of 8
     * @param delta added atomically, with volatile semantics
     * @return the value before
     */
    public long getAndAddLong(int offset, long delta) {
        if (RAW != null) {
            return RAW.getAndAddLong(at(offset, Long.BYTES), delta);
        }
        return (long) LONGS.getAndAdd(memory, offset, delta);
    }

    /**
     * The address of an access, checked as the buffer's {@code VarHandle}s check it: the access
     * must lie inside the mapping.
     */
    private long at(int offset, int bytes) {
        if (offset < 0 || offset > size - bytes) {
            throw new IndexOutOfBoundsException("an access of " + bytes + " bytes at " + offset + " of a segment of "
                    + size + " bytes");
        }
        return address + offset;
    }

    /**
     * A view of part of the mapping, in the platform's byte order, that shares its memory (no
     * copy). The view keeps the mapping alive while it is reachable; do not {@link #close} a
     * segment whose views are still in use (closing unmaps at once).
     *
     * @param offset where the view starts
     * @param length its length in bytes
     * @return the view
     */
    public ByteBuffer view(int offset, int length) {
        return memory.slice(offset, length).order(ByteOrder.nativeOrder());
    }

    /**
     * Copies a range out, in order, in pieces of a multiple of 8 bytes (but the last), each a
     * buffer in the platform's byte order that {@code sink} must consume before it returns.
     *
     * <p>Why not always through the mapping: the first touch of each page of a mapping is a page
     * fault, and where faults are dear (virtual machines: 100 µs and more each on some, one per
     * 64 KiB read) a bulk read of a range this process never touched costs far more in faults than
     * in copying. So a range of at least {@link #FILE_READ_MIN} bytes, in a process that did not
     * create the file (whose pages it did not fill through its mapping), is read from the file
     * ({@code pread}, 256 KiB at a time into a direct buffer each such thread keeps; the file stays
     * open, read-only, until {@link #close()}): the same
     * memory pages, so the same bytes as through the mapping, with no fault. Anything else, or a
     * file that cannot be opened any more (unlinked), is read through the mapping. Plain reads
     * either way: ordered with another process's writes only by a lock or another synchronizing
     * action around them.
     *
     * @param offset where the range starts
     * @param length its length in bytes
     * @param sink receives the pieces
     * @throws IndexOutOfBoundsException if the range is not inside the segment
     */
    public void read(int offset, int length, Consumer<ByteBuffer> sink) {
        Objects.checkFromIndexSize(offset, length, size());
        int done = length >= FILE_READ_MIN && !created ? readFile(offset, length, sink) : 0;
        if (done < length) {
            sink.accept(view(offset + done, length - done));
        }
    }

    /** @return how many bytes it delivered: all, or fewer if the file could not be read (the rest comes from the mapping) */
    private int readFile(int offset, int length, Consumer<ByteBuffer> sink) {
        int done = 0;
        FileChannel channel = null;
        try {
            channel = reader();
            if (channel == null) {
                return 0;
            }
            ByteBuffer chunk = FILE_CHUNKS.get();
            while (done < length) {
                chunk.clear().limit(Math.min(FILE_CHUNK, length - done));
                while (chunk.hasRemaining()) {
                    if (channel.read(chunk, (long) offset + done + chunk.position()) < 0) {
                        return done;
                    }
                }
                sink.accept(chunk.flip());
                done += chunk.limit();
            }
        } catch (IOException e) {
            // unlinked since it was mapped, unreadable, or closed by an interrupt of this thread (whose
            // status stays set): the mapping has the rest, and the next read opens the file again
            if (channel != null && !channel.isOpen()) {
                forgetReader(channel);
            }
        }
        return done;
    }

    /** @return the file open for reading, or {@code null} if it is gone or is not the file this maps */
    private synchronized FileChannel reader() throws IOException {
        if (reader == null && !noReader && (users.get() & CLOSED) == 0) {
            noReader = true; // until it is open: a file that is gone is not looked for at every read
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            if (channel.size() != size()) {
                channel.close(); // the name was reused by another file: read the mapping
                return null;
            }
            reader = channel;
            noReader = false;
        }
        return reader;
    }

    private synchronized void forgetReader(FileChannel closed) {
        if (reader == closed) {
            reader = null;
        }
    }

    /**
     * @param offset any offset
     * @return the int there, in the platform's byte order, read plainly
     */
    public int getInt(int offset) {
        if (RAW != null) {
            return RAW.getInt(at(offset, Integer.BYTES));
        }
        return (int) INTS.get(memory, offset);
    }

    /**
     * @param offset any offset
     * @param value stored plainly, in the platform's byte order
     */
    public void putInt(int offset, int value) {
        if (RAW != null) {
            RAW.putInt(at(offset, Integer.BYTES), value);
            return;
        }
        INTS.set(memory, offset, value);
    }

    /**
     * @param offset any offset
     * @return the long there, in the platform's byte order, read plainly
     */
    public long getLong(int offset) {
        if (RAW != null) {
            return RAW.getLong(at(offset, Long.BYTES));
        }
        return (long) LONGS.get(memory, offset);
    }

    /**
     * @param offset any offset
     * @param value stored plainly, in the platform's byte order
     */
    public void putLong(int offset, long value) {
        if (RAW != null) {
            RAW.putLong(at(offset, Long.BYTES), value);
            return;
        }
        LONGS.set(memory, offset, value);
    }

    /**
     * Copies bytes in.
     *
     * @param offset where in the segment
     * @param source copied from its position, which advances
     * @param length how many bytes
     */
    public void put(int offset, ByteBuffer source, int length) {
        memory.put(offset, source, source.position(), length);
        source.position(source.position() + length);
    }

    /**
     * Copies bytes out.
     *
     * @param offset where in the segment
     * @param target where to
     * @param targetOffset where in {@code target}
     * @param length how many bytes
     */
    public void get(int offset, byte[] target, int targetOffset, int length) {
        memory.get(offset, target, targetOffset, length);
    }

    /** Unlinks the file if this process created it, and unmaps once no access is in progress. */
    @Override
    public void close() {
        if (created) {
            unlink();
        }
        int before = users.getAndUpdate(state -> state | CLOSED);
        if (before == 0) {
            unmap(memory);
        }
        closeReader();
    }

    private synchronized void closeReader() {
        FileChannel open = reader;
        reader = null;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                // a read-only descriptor: nothing was left to write
            }
        }
    }

    /**
     * Unmaps a mapped buffer at once, where the JDK allows it; otherwise the garbage collector
     * unmaps it once it is unreachable. Nothing may touch the buffer, or any view of it, afterwards:
     * the JVM would crash.
     *
     * @param mapped a buffer from {@code FileChannel.map}, not a slice or duplicate of one
     */
    public static void unmap(ByteBuffer mapped) {
        if (RAW != null) {
            RAW.invokeCleaner(mapped);
        } else {
            UNMAPPER.accept(mapped);
        }
    }

    /** {@code sun.misc.Unsafe.invokeCleaner}, found reflectively: the JDK's only way to unmap at once. */
    private static Consumer<ByteBuffer> unmapper() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field instance = unsafeClass.getDeclaredField("theUnsafe");
            instance.setAccessible(true);
            Object unsafe = instance.get(null);
            Method invokeCleaner = unsafeClass.getMethod("invokeCleaner", ByteBuffer.class);
            return buffer -> {
                try {
                    invokeCleaner.invoke(unsafe, buffer);
                } catch (ReflectiveOperationException e) {
                    // the garbage collector unmaps it instead
                }
            };
        } catch (ReflectiveOperationException | RuntimeException e) {
            return buffer -> {
                // no way to unmap now: the garbage collector does it once the buffer is unreachable
            };
        }
    }
}
