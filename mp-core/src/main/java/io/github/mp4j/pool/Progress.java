package io.github.mp4j.pool;

/**
 * How far a call has come.
 *
 * @param done tasks finished (successfully or not)
 * @param total tasks in the call, or -1 while the input is still being read
 */
public record Progress(long done, long total) {

    /** @return {@code done / total} between 0 and 1, or {@code NaN} if the total is unknown */
    public double fraction() {
        return total <= 0 ? (total == 0 ? 1.0 : Double.NaN) : (double) done / total;
    }
}
