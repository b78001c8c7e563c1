package io.github.mp4j.bench;

/**
 * The functions pool workloads run in workers, as the module-level functions of the Python suite
 * ({@code noop}, {@code cube}, {@code count_primes}). They are static methods so that a worker
 * JVM, which has this jar on its class path, resolves the same code.
 */
final class Tasks {

    private Tasks() {
    }

    /** @return nothing, as Python's {@code noop} */
    static Object noop() {
        return null;
    }

    /**
     * @param x any int
     * @return {@code x * x * x}, exact for |x| up to 2_097_151 (every size the suite uses)
     */
    static long cube(int x) {
        return (long) x * x * x;
    }

    /**
     * Counts primes in [lo, hi) by trial division with odd divisors &lt;= isqrt(n): the loop of
     * Python's {@code count_primes}, statement for statement.
     *
     * @param lo first candidate (values below 2 are skipped)
     * @param hi end, exclusive
     * @return how many primes lie in the range
     */
    static int countPrimes(int lo, int hi) {
        int count = 0;
        for (int n = Math.max(lo, 2); n < hi; n++) {
            if (n < 4) {
                count++;
            } else if (n % 2 != 0) {
                boolean prime = true;
                int limit = isqrt(n);
                for (int d = 3; d <= limit; d += 2) {
                    if (n % d == 0) {
                        prime = false;
                        break;
                    }
                }
                if (prime) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * @param n at least 0
     * @return the largest r with r * r &lt;= n, as Python's {@code math.isqrt}
     */
    static int isqrt(int n) {
        long r = (long) Math.sqrt(n);
        while (r * r > n) {
            r--;
        }
        while ((r + 1) * (r + 1) <= n) {
            r++;
        }
        return (int) r;
    }
}
