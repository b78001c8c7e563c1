package io.github.mp4j.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.ResultIterator;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * {@code --imap-memory N}, not part of the suite: ordered {@code imap} over N generated items of a
 * trivial function, to show that an input far larger than the heap streams through in bounded
 * memory. Run it with a small heap:
 *
 * <pre>
 * java -Xmx256m -jar mp-bench/target/mp-bench.jar --imap-memory 100000000
 * </pre>
 *
 * <p>Prints {@code imap_memory_items N items}, the elapsed seconds (from the imap call to the last
 * result; pool creation is not timed), the rate, and the peak heap
 * used as sampled from the {@link MemoryMXBean} every few milliseconds (garbage included, so it
 * mostly shows where the collector chose to run), the peak heap in use just after a collection (the
 * data the run really kept), and, as an upper bound, the sum of the heap pools' own peaks, which may
 * have been reached at different times. Every result is checked
 * to be the next one in input order. Progress goes to stderr; if no result arrives for
 * {@link Watchdog#LIMIT}, the watchdog dumps the threads and exits with 3.
 */
final class ImapMemory {

    private static final long PROGRESS_EVERY = 10_000_000L;
    private static final long REARM_EVERY = 1L << 20;
    private static final long SAMPLE_MILLIS = 5;
    private static final double MB = Sizes.MB;

    private ImapMemory() {
    }

    /**
     * @param n how many items
     * @param out where the result lines go
     * @param watchdog aborts when no result arrives for too long
     * @return the exit status: 0, or 1 if a check failed or the pool did
     */
    static int run(long n, PrintStream out, Watchdog watchdog) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peak = new AtomicLong(memory.getHeapMemoryUsage().getUsed());
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mp-bench-heap-sampler");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        AtomicLong peakAfterGc = new AtomicLong();
        AtomicLong collections = new AtomicLong();
        Runnable stopListening = listenToCollections(peakAfterGc, collections);
        log(String.format(Locale.ROOT, "imap-memory: %d items on Pool(%d), chunk size automatic, max heap %.0f MB",
                n, Pools.PROCESSES, memory.getHeapMemoryUsage().getMax() / MB));
        Watchdog.Alarm alarm = watchdog.arm("imap-memory (no result for a while)");
        long taken = 0;
        double seconds = Double.NaN;
        try {
            ProcessPool pool = Pools.create();      // not timed, as in the suite
            long t0 = System.nanoTime();
            try (ResultIterator<Long> results = pool.imap(ImapMemory::next, new Counter(n), PoolConfig.AUTO_CHUNK_SIZE)) {
                while (results.hasNext()) {
                    long value = results.next();
                    if (value != taken + 1) {
                        throw new CheckFailedException("result #" + taken + " is " + value + ", expected " + (taken + 1));
                    }
                    taken++;
                    if (taken % REARM_EVERY == 0) {
                        alarm.cancel();
                        alarm = watchdog.arm("imap-memory (no result for a while, " + taken + " taken)");
                    }
                    if (taken % PROGRESS_EVERY == 0) {
                        double sofar = (System.nanoTime() - t0) / 1e9;
                        log(String.format(Locale.ROOT, "  %,d items in %.1f s (%.0f items/s), heap used now %.1f MB, peak %.1f MB,"
                                        + " peak after a GC %.1f MB", taken, sofar, taken / sofar,
                                memory.getHeapMemoryUsage().getUsed() / MB, peak.get() / MB, peakAfterGc.get() / MB));
                    }
                }
                seconds = (System.nanoTime() - t0) / 1e9;
            } finally {
                if (Double.isNaN(seconds)) {
                    pool.terminate();
                    pool.join();
                } else {
                    pool.close();
                }
            }
        } catch (Exception | Error e) {
            e.printStackTrace();
            log("imap-memory: failed after " + taken + " items");
            return 1;
        } finally {
            alarm.cancel();
            sampler.shutdownNow();
        }
        log("imap-memory: " + collections.get() + " garbage collections");
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        stopListening.run();
        if (taken != n) {
            log("imap-memory: " + taken + " results for " + n + " items");
            return 1;
        }
        out.println("imap_memory_items " + n + " items");
        out.println("imap_memory_seconds " + Numbers.format(seconds) + " s");
        out.println("imap_memory_items_per_s " + Numbers.format(n / seconds) + " items/s");
        out.println("imap_memory_peak_heap_used_mb " + Numbers.format(peak.get() / MB) + " MB");
        out.println("imap_memory_peak_heap_after_gc_mb " + Numbers.format(peakAfterGc.get() / MB) + " MB");
        out.println("imap_memory_heap_pools_peak_sum_mb " + Numbers.format(poolPeaks() / MB) + " MB");
        out.println("imap_memory_max_heap_mb " + Numbers.format(memory.getHeapMemoryUsage().getMax() / MB) + " MB");
        out.flush();
        return 0;
    }

    /** @return the sum of every heap pool's peak usage: an upper bound that sampling cannot miss */
    private static long poolPeaks() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /**
     * Follows every garbage collection from now on, keeping the largest heap in use just after
     * one: the data the run really kept, whatever the collector left as garbage between runs.
     *
     * @param peakAfterGc updated after each collection
     * @param collections counts the collections
     * @return stops the listening
     */
    private static Runnable listenToCollections(AtomicLong peakAfterGc, AtomicLong collections) {
        Set<String> heapPools = new HashSet<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        NotificationListener listener = (notification, handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                return;
            }
            GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
            long used = 0;
            for (Map.Entry<String, MemoryUsage> pool : info.getMemoryUsageAfterGc().entrySet()) {
                if (heapPools.contains(pool.getKey())) {
                    used += pool.getValue().getUsed();
                }
            }
            peakAfterGc.accumulateAndGet(used, Math::max);
            collections.incrementAndGet();
        };
        List<NotificationEmitter> emitters = new ArrayList<>();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        return () -> {
            for (NotificationEmitter emitter : emitters) {
                try {
                    emitter.removeNotificationListener(listener);
                } catch (ListenerNotFoundException e) {
                    // already gone
                }
            }
        };
    }

    /** The trivial task. */
    static long next(long x) {
        return x + 1;
    }

    private static void log(String message) {
        System.err.println(message);
        System.err.flush();
    }

    /** 0, 1, ..., n - 1, generated as they are read. */
    private static final class Counter implements Iterator<Long> {
        private final long n;
        private long next;

        Counter(long n) {
            this.n = n;
        }

        @Override
        public boolean hasNext() {
            return next < n;
        }

        @Override
        public Long next() {
            if (next >= n) {
                throw new NoSuchElementException();
            }
            return next++;
        }
    }
}
