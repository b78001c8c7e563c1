package io.github.mp4j.demo.task;

import io.github.mp4j.function.SerializableFunction;

/**
 * Counting primes by trial division: deliberately CPU-bound, and later ranges cost more than
 * earlier ones, which shows the pool balancing uneven work.
 */
public final class PrimeTasks {

    /** Counts the primes in a range, in a worker. */
    public static final SerializableFunction<Range, RangeCount> COUNT_PRIMES = PrimeTasks::countPrimes;

    private PrimeTasks() {
    }

    /**
     * @param range the numbers to look at
     * @return how many of them are prime
     */
    public static RangeCount countPrimes(Range range) {
        long primes = 0;
        for (long n = range.from(); n < range.to(); n++) {
            if (isPrime(n)) {
                primes++;
            }
        }
        return new RangeCount(range.from(), range.to(), primes);
    }

    static boolean isPrime(long n) {
        if (n < 4) {
            return n >= 2;
        }
        if (n % 2 == 0 || n % 3 == 0) {
            return false;
        }
        for (long d = 5; d * d <= n; d += 6) {
            if (n % d == 0 || n % (d + 2) == 0) {
                return false;
            }
        }
        return true;
    }
}
