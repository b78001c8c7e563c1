package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.Mp;
import io.github.mp4j.shared.DoubleArray;
import java.util.List;

/** {@code array_sum_shared_mb_per_s}: two processes read halves of a shared double array in place. */
final class ArraySumShared {

    private static final String NOTE = """
            The parent fills Mp.rawArray(new double[10_000_000]) (Python's Array('d', 10_000_000,
            lock=False)), 80 MB of shared doubles, with 0..999 repeated; filling is not timed. 2 children
            each sum one half in order, copying 32768 doubles (256 KiB) at a time out of the shared array with
            array.get(from, chunk) (its bulk copy, which in a process that did not create the array
            reads the shared file instead of faulting the mapping in page by page) into a reused
            double[] and adding those. Throughput is the array's 76.3 MiB divided by the time from
            releasing both children to getting both sums back, including the children's attaching of
            the array (and their JIT's compilation of the loop). MB = MiB.""";
    private static final int PATTERN = 1000;
    private static final int CHUNK = 32_768;

    private ArraySumShared() {
    }

    static void run(Suite suite) throws Exception {
        int length = Sizes.ARRAY_LEN;
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = i % PATTERN;
        }
        DoubleArray array = Mp.rawArray(values);
        int half = length / 2;
        double patternSum = PATTERN * (PATTERN - 1) / 2.0;
        double expectedHalf = patternSum * (half / PATTERN);
        double mib = (double) length * Double.BYTES / Sizes.MB;
        suite.bench("array_sum_shared_mb_per_s", "MB/s", Better.HIGHER, NOTE, () -> {
            TimedRun<Void> run = TimedChildren.of(() -> sum(array, 0, half), () -> sum(array, half, length)).run();
            check(run.childResults().equals(List.of(expectedHalf, expectedHalf)), "sums " + run.childResults());
            return Measurement.of(mib / run.seconds());
        });
    }

    /** Copies a chunk at a time out of the shared array (a memory copy), so the adding loop runs over a plain array. */
    private static Object sum(DoubleArray array, int from, int to) {
        double[] chunk = new double[CHUNK];
        double sum = 0;
        for (int at = from; at < to; at += CHUNK) {
            int length = Math.min(CHUNK, to - at);
            if (length < CHUNK) {
                chunk = new double[length];
            }
            array.get(at, chunk);
            for (int i = 0; i < length; i++) {
                sum += chunk[i];
            }
        }
        return sum;
    }
}
