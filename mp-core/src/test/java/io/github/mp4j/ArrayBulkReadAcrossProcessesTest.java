package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.shared.DoubleArray;
import io.github.mp4j.shared.LongArray;
import io.github.mp4j.sync.Event;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bulk {@code get} of a long range in a process that did not create the array reads the shared
 * file instead of the mapping: it must see exactly what the mapping holds, including what the
 * creator wrote through its mapping after the reader attached, in every piece of the range.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ArrayBulkReadAcrossProcessesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Elements: 2.4 MB of doubles, so a read crosses several 256 KiB pieces and ends in a short one. */
    private static final int LENGTH = 300_001;

    @RegisterExtension
    final ChildReaper children = new ChildReaper();

    @Test
    void aChildsBulkReadsSeeTheCreatorsWritesBeforeAndAfterItAttached() {
        DoubleArray array = Mp.rawArray(new double[LENGTH]);
        for (int from = 0; from < LENGTH; from += 1000) {
            double[] pattern = new double[Math.min(1000, LENGTH - from)];
            for (int i = 0; i < pattern.length; i++) {
                pattern[i] = from + i;
            }
            array.set(from, pattern);
        }
        Event firstRead = Mp.event();
        Event rewritten = Mp.event();
        LongArray outcome = Mp.rawArray(new long[2]);
        ChildProcess child = children.start(Mp.process(() -> readTwice(array, firstRead, rewritten, outcome)));

        assertThat(firstRead.await(WAIT)).as("the child read once").isTrue();
        array.set(LENGTH - 3, new double[] {-1, -2, -3});
        array.set(7, new double[] {-7});
        rewritten.set();
        assertThat(child.join(WAIT)).isTrue();

        assertThat(child.exitCode()).isZero();
        assertThat(outcome.toArray()).as("mismatches in the first read, then in the second")
                .containsExactly(0, 0);
    }

    /** Counts the elements that differ from what the creator wrote, in each of two reads from index 1. */
    private static void readTwice(DoubleArray array, Event firstRead, Event rewritten, LongArray outcome) {
        double[] read = new double[LENGTH - 1];
        array.get(1, read);
        long wrong = 0;
        for (int i = 0; i < read.length; i++) {
            wrong += read[i] == i + 1 ? 0 : 1;
        }
        outcome.set(0, wrong);
        firstRead.set();
        rewritten.await(WAIT);
        array.get(1, read);
        wrong = 0;
        for (int i = 0; i < read.length; i++) {
            int index = i + 1;
            double expected = index == 7 ? -7 : index >= LENGTH - 3 ? -(index - (LENGTH - 3) + 1) : index;
            wrong += read[i] == expected ? 0 : 1;
        }
        outcome.set(1, wrong);
    }
}
