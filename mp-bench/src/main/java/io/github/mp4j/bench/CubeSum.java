package io.github.mp4j.bench;

import java.math.BigInteger;

/**
 * An exact sum of non-negative longs, for the sums of cubes Python checks with its unbounded
 * ints: the cubes of 1..1_000_000 sum to 2.5e23, beyond a long. It adds into 128 bits (two longs
 * and a carry), so that summing inside a timed section costs what a long sum costs.
 */
final class CubeSum {

    private long low;
    private long high;

    /**
     * @param value a non-negative value
     * @return this sum
     */
    CubeSum add(long value) {
        if (value < 0) {
            throw new CheckFailedException("negative cube " + value);
        }
        long sum = low + value;
        if (Long.compareUnsigned(sum, low) < 0) {
            high++;
        }
        low = sum;
        return this;
    }

    /** @return the sum so far */
    BigInteger value() {
        return BigInteger.valueOf(high).shiftLeft(Long.SIZE).add(new BigInteger(Long.toUnsignedString(low)));
    }

    /**
     * @param values the cubes, for example a map's results
     * @return their exact sum
     */
    static BigInteger of(Iterable<Long> values) {
        CubeSum sum = new CubeSum();
        for (Long value : values) {
            sum.add(value);
        }
        return sum.value();
    }

    /**
     * @param n the last x
     * @return the sum of x^3 for x in 1..n, {@code (n (n + 1) / 2)^2}, as Python's {@code expected}
     */
    static BigInteger expected(int n) {
        BigInteger big = BigInteger.valueOf(n);
        return big.multiply(big.add(BigInteger.ONE)).shiftRight(1).pow(2);
    }
}
