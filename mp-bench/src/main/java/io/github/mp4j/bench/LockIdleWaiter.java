package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.Mp;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.shared.IntValue;
import io.github.mp4j.sync.Lock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code lock_idle_waiter_cpu_pct} (mp4j only): what a process parked in {@code Lock.acquire} costs. */
final class LockIdleWaiter {

    private static final String NOTE = """
            mp4j only. A child JVM blocks in acquire() of an Mp.lock() the parent holds. After 1 s (its
            start-up settles), the parent reads the child's utime + stime from /proc/<pid>/stat, waits 10 s,
            reads them again and releases the lock. Value = the child's CPU time over those 10 s in percent
            of one core (the whole JVM: the parked thread, its 250 ms owner checks, GC and JIT threads).
            The floor is < 1 %.""";
    private static final long TICKS_PER_SECOND = 100;

    private LockIdleWaiter() {
    }

    static void run(Suite suite) throws Exception {
        suite.bench("lock_idle_waiter_cpu_pct", "%", Better.LOWER, NOTE, LockIdleWaiter::once);
    }

    private static Measurement once() throws Exception {
        Lock lock = Mp.lock();
        IntValue ready = Mp.rawValue(0);
        lock.acquire();
        ChildProcess child = Mp.process(LockIdleWaiter::waitFor, lock, ready);
        child.start();
        try {
            while (ready.get() == 0) {
                check(child.isAlive(), "the waiting child died");
                TimeUnit.MILLISECONDS.sleep(10);
            }
            TimeUnit.SECONDS.sleep(1);
            long before = cpuTicks(child.pid());
            long start = System.nanoTime();
            TimeUnit.SECONDS.sleep(Sizes.IDLE_WAIT_SECONDS);
            long ticks = cpuTicks(child.pid()) - before;
            double seconds = (System.nanoTime() - start) / 1e9;
            lock.release();
            check(child.join(Duration.ofSeconds(30)), "the child exits after the release");
            Checks.checkExit(child);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("cpu_ticks", ticks);
            details.put("seconds", seconds);
            return Measurement.of(100.0 * ticks / TICKS_PER_SECOND / seconds, details);
        } finally {
            if (child.isAlive()) {
                child.kill();
            }
        }
    }

    private static void waitFor(Lock lock, IntValue ready) {
        ready.set(1);
        lock.acquire();
        lock.release();
    }

    /** utime + stime, fields 14 and 15 of /proc/pid/stat, in clock ticks (USER_HZ, 100 on Linux). */
    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
