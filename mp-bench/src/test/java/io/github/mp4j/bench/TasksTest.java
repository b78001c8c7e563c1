package io.github.mp4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TasksTest {

    @Test
    void isqrtIsExactAroundSquares() {
        for (int r = 0; r < 3000; r++) {
            int square = r * r;
            assertThat(Tasks.isqrt(square)).isEqualTo(r);
            if (square > 0) {
                assertThat(Tasks.isqrt(square - 1)).isEqualTo(r - 1);
            }
        }
        assertThat(Tasks.isqrt(Integer.MAX_VALUE)).isEqualTo(46_340);
    }

    @Test
    void countPrimesMatchesPythonOnSmallRanges() {
        assertThat(Tasks.countPrimes(0, 2)).isZero();
        assertThat(Tasks.countPrimes(0, 3)).isEqualTo(1);
        assertThat(Tasks.countPrimes(0, 100)).isEqualTo(25);
        assertThat(Tasks.countPrimes(2, 10)).isEqualTo(4);
        assertThat(Tasks.countPrimes(90, 100)).isEqualTo(1);     // 97
        assertThat(Tasks.countPrimes(0, 100_000)).isEqualTo(9592);
    }

    @Test
    void theSixtyFourRangesCoverTheLimitAndHoldEveryPrimeBelowIt() {
        List<Map.Entry<Integer, Integer>> ranges = PoolCpu.ranges();
        assertThat(ranges).hasSize(Sizes.PRIMES_RANGES);
        assertThat(ranges.get(0).getKey()).isZero();
        assertThat(ranges.get(ranges.size() - 1).getValue()).isEqualTo(Sizes.PRIMES_LIMIT);
        long total = 0;
        for (int i = 0; i < ranges.size(); i++) {
            if (i > 0) {
                assertThat(ranges.get(i).getKey()).isEqualTo(ranges.get(i - 1).getValue());
            }
            total += Tasks.countPrimes(ranges.get(i).getKey(), ranges.get(i).getValue());
        }
        assertThat(total).isEqualTo(Sizes.PRIMES_BELOW_LIMIT);
    }

    @Test
    void cubeSumsAreExactBeyondALong() {
        int n = Sizes.MAP_TINY_N;
        List<Long> cubes = IntRange.of(1, n + 1).stream().map(Tasks::cube).toList();

        assertThat(CubeSum.of(cubes)).isEqualTo(CubeSum.expected(n));
        assertThat(CubeSum.expected(n)).isEqualTo(new BigInteger("250000500000250000000000"));
        assertThat(CubeSum.expected(3)).isEqualTo(BigInteger.valueOf(36));
    }

    @Test
    void intRangeIsPythonsRange() {
        assertThat(IntRange.of(1, 4)).containsExactly(1, 2, 3);
        assertThat(IntRange.of(5, 5)).isEmpty();
        assertThat(IntRange.of(1, 4).get(2)).isEqualTo(3);
    }
}
