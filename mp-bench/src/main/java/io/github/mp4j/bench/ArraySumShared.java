package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.Mp;
import io.github.mp4j.shared.DoubleArray;
import java.nio.DoubleBuffer;
import java.util.List;

/** {@code array_sum_shared_mb_per_s}: two processes read halves of a shared double array in place. */
final class ArraySumShared {

    private static final String NOTE = """
            The parent fills Mp.rawArray(new double[10_000_000]) (Python's Array('d', 10_000_000,
            lock=False)), 80 MB of shared doubles, with 0..999 repeated; filling is not timed. 2 children
            each sum one half in order through array.buffer(), a zero-copy DoubleBuffer view of the shared
            memory (Python's memoryview), one get(i) per element. Throughput is the array's 76.3 MiB
            divided by the time from releasing both children to getting both sums back, including the
            children's first-touch page faults on the shared mapping (and their JIT's compilation of the
            loop). MB = MiB.""";
    private static final int PATTERN = 1000;

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

    /** Sums through the zero-copy view, as Python's child sums its memoryview. */
    private static Object sum(DoubleArray array, int from, int to) {
        DoubleBuffer view = array.buffer();
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += view.get(i);
        }
        return sum;
    }
}
