package io.github.mp4j.sync.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who holds a lock, in one 64-bit word that a single compare-and-swap can claim: the process, the
 * moment it started (so that a later process given the same pid is not taken for the owner), and
 * the thread.
 *
 * <pre>
 *  63                  42 41                22 21                  0
 * +----------------------+--------------------+---------------------+
 * | pid (22 bits)        | start (20 bits)    | thread tag (22 bits)|
 * +----------------------+--------------------+---------------------+
 * </pre>
 *
 * <ul>
 *   <li><b>pid</b>: Linux pids are below 2^22 ({@code PID_MAX_LIMIT}).
 *   <li><b>start</b>: the low 20 bits of the process's start time in clock ticks since boot
 *       ({@code /proc/<pid>/stat}, field 22; 0 where unknown). A reused pid matches only if the
 *       new process started a multiple of 2^20 ticks (about 2.9 hours) after the old one.
 *   <li><b>thread tag</b>: a number this process gives each thread that takes a lock, never 0,
 *       so a token is never 0 (0 means "free"). It wraps after 2^22 - 1 threads of one process;
 *       only a thread that started that many threads later can then share an old thread's tag.
 * </ul>
 *
 * An owner is dead when {@code /proc/<pid>/stat} is gone, says the process is a zombie
 * (killed but not yet reaped by its parent), or shows another start time. A thread that ends
 * while it holds a lock is not detected: its process is alive.
 */
public final class OwnerToken {

    private static final int THREAD_BITS = 22;
    private static final int START_BITS = 20;
    private static final long PID_LIMIT = 1L << 22;
    private static final long PID = ProcessHandle.current().pid();
    private static final long PROCESS_PART = processPart();
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** A subclass, not {@code withInitial(lambda)}: a lambda's first use spins a class, milliseconds in a fresh child. */
    private static final ThreadLocal<Long> CURRENT = new ThreadLocal<>() {
        @Override
        protected Long initialValue() {
            return newThreadToken();
        }
    };
    /**
     * The last thread that asked and its token: a lock operation asks two to four times, and a
     * hit costs a field read where the thread-local costs several calls (microseconds each before
     * the JIT compiles them, in a fresh child). Racy on purpose: entries are immutable.
     */
    private static Cached last = new Cached(null, 0);

    private OwnerToken() {
    }

    /**
     * Reads this process's identity now (its start time comes from {@code /proc}, milliseconds in a
     * fresh child), so that the first lock operation does not: called where a primitive is made or
     * attached. The class initializer does the work.
     */
    public static void prepare() {
        // initialized by now
    }

    /** @return the calling thread's token */
    public static long current() {
        Cached cached = last;
        Thread thread = Thread.currentThread();
        if (cached.thread == thread) {
            return cached.token;
        }
        long token = CURRENT.get();
        last = new Cached(thread, token);
        return token;
    }

    /** @return this process's id */
    public static long currentPid() {
        return PID;
    }

    /**
     * @param token a token, not 0
     * @return the pid of its process
     */
    public static long pid(long token) {
        return token >>> (THREAD_BITS + START_BITS);
    }

    /**
     * @param token a token, not 0
     * @return whether it belongs to this process
     */
    public static boolean isLocal(long token) {
        return pid(token) == PID;
    }

    /**
     * Reads {@code /proc}: for slow paths only.
     *
     * @param token a token of any process, not 0
     * @return whether its process is certainly gone (this process never is)
     */
    public static boolean isDead(long token) {
        long pid = pid(token);
        if (pid == PID) {
            return false;
        }
        int start = (int) ((token >>> THREAD_BITS) & ((1 << START_BITS) - 1));
        return isDead(pid, start);
    }

    /**
     * @param pid a process id
     * @return whether that process is gone or a zombie
     */
    public static boolean isProcessDead(long pid) {
        return pid != PID && isDead(pid, 0);
    }

    private static boolean isDead(long pid, int start) {
        byte[] stat = stat(pid);
        if (stat == null) {
            return !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        if (stat.length == 0) {
            return true;
        }
        int state = afterName(stat);
        if (state < 0 || stat[state] == 'Z' || stat[state] == 'X') {
            return true;
        }
        int actual = startBits(stat, state);
        return start != 0 && actual != 0 && actual != start;
    }

    /** @return the bytes of /proc/pid/stat, empty if the process is gone, null if /proc is unusable */
    private static byte[] stat(long pid) {
        Path stat = Paths.get("/proc", Long.toString(pid), "stat");
        try {
            return Files.readAllBytes(stat);
        } catch (NoSuchFileException e) {
            return Files.isDirectory(Paths.get("/proc/self")) ? new byte[0] : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** @return where field 3 (state) starts: after the last ')' of the command name, or -1 */
    private static int afterName(byte[] stat) {
        for (int i = stat.length - 1; i > 0; i--) {
            if (stat[i] == ')') {
                return i + 2 < stat.length ? i + 2 : -1;
            }
        }
        return -1;
    }

    /** Field 22 (start time, clock ticks since boot) is the 20th field from field 3; no allocation. */
    private static int startBits(byte[] stat, int state) {
        int field = 3;
        int i = state;
        while (field < 22 && i < stat.length) {
            if (stat[i++] == ' ') {
                field++;
            }
        }
        long value = 0;
        while (i < stat.length && stat[i] >= '0' && stat[i] <= '9') {
            value = value * 10 + (stat[i++] - '0');
        }
        return (int) (value & ((1 << START_BITS) - 1));
    }

    private static long processPart() {
        if (PID >= PID_LIMIT) {
            throw new IllegalStateException("process id " + PID + " does not fit mp4j's lock word (22 bits);"
                    + " lower /proc/sys/kernel/pid_max below " + PID_LIMIT);
        }
        byte[] stat = stat(PID);
        int state = stat == null ? -1 : afterName(stat);
        long start = state < 0 ? 0 : startBits(stat, state);
        return (PID << (THREAD_BITS + START_BITS)) | (start << THREAD_BITS);
    }

    private static long newThreadToken() {
        while (true) { // updateAndGet without its lambda, for the reason CURRENT gives
            int before = THREADS.get();
            int tag = before + 1 >= (1 << THREAD_BITS) ? 1 : before + 1;
            if (THREADS.compareAndSet(before, tag)) {
                return PROCESS_PART | tag;
            }
        }
    }

    /**
     * A thread and its token; final fields, so a thread that reads {@link #last} sees both set.
     * Keeps the last thread that asked reachable until another asks: one {@code Thread} object.
     */
    private static final class Cached {
        private final Thread thread;
        private final long token;

        Cached(Thread thread, long token) {
            this.thread = thread;
            this.token = token;
        }
    }
}
