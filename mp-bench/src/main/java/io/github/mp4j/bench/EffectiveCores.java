package io.github.mp4j.bench;

import io.github.mp4j.Mp;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.queue.ProcessQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much parallel CPU the host provides right now, as {@code measure_effective_cores} in the
 * Python suite: on two worker children, time one spin alone, then two at once (median of the
 * repeats). {@code 2 * alone / together} is about 2.0 on an idle 2-core machine and lower when the
 * host does not run both CPUs at full speed; then every multi-process number is suspect.
 *
 * <p>Python uses {@code Pool(2)}. mp4j has no pool yet, so two children serve spin requests from a
 * shared queue. The spin is a 64-bit LCG: a dependency chain the JIT can neither remove nor
 * vectorize, sized to take about as long as the Python spin (0.3–0.5 s).
 */
final class EffectiveCores {

    private static final long SPIN = 300_000_000L;
    /** Enough iterations for the JIT to compile the spin before it is timed. */
    private static final long WARM_SPIN = 20_000_000L;
    private static final long STOP = -1;
    private static final int WORKERS = 2;
    private static final Duration EXIT_WAIT = Duration.ofSeconds(30);

    private EffectiveCores() {
    }

    /**
     * @param repeats how many times to time each case
     * @return spin_alone_s, spin_two_at_once_s and effective_cores
     */
    static Map<String, Object> measure(int repeats) {
        ProcessQueue<Long> requests = Mp.queue();
        ProcessQueue<Long> replies = Mp.queue();
        List<ChildProcess> workers = new ArrayList<>();
        List<Double> alone = new ArrayList<>();
        List<Double> together = new ArrayList<>();
        try {
            for (int i = 0; i < WORKERS; i++) {
                ChildProcess worker = Mp.process(EffectiveCores::serve, requests, replies);
                worker.start();
                workers.add(worker);
            }
            for (int i = 0; i < WORKERS; i++) {
                replies.get();      // each worker's "ready", sent after it warmed up
            }
            for (int i = 0; i < repeats; i++) {
                alone.add(time(requests, replies, 1));
                together.add(time(requests, replies, 2));
            }
        } finally {
            for (int i = 0; i < WORKERS; i++) {
                requests.put(STOP);
            }
            for (ChildProcess worker : workers) {
                if (!worker.join(EXIT_WAIT)) {
                    worker.kill();
                    worker.join();
                }
                worker.close();
            }
        }
        double one = Numbers.median(alone);
        double two = Numbers.median(together);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("spin_alone_s", one);
        result.put("spin_two_at_once_s", two);
        result.put("effective_cores", 2 * one / two);
        return result;
    }

    private static double time(ProcessQueue<Long> requests, ProcessQueue<Long> replies, int spins) {
        long t0 = System.nanoTime();
        for (int i = 0; i < spins; i++) {
            requests.put(SPIN);
        }
        for (int i = 0; i < spins; i++) {
            replies.get();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** A worker child: spins for each request until told to stop. */
    private static void serve(ProcessQueue<Long> requests, ProcessQueue<Long> replies) {
        replies.put(spin(WARM_SPIN));
        for (long n = requests.get(); n != STOP; n = requests.get()) {
            replies.put(spin(n));
        }
    }

    private static long spin(long count) {
        long x = count;
        for (long i = 0; i < count; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }
}
