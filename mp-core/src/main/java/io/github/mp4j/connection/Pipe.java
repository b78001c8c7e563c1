package io.github.mp4j.connection;

/**
 * The two ends of a pipe (Python's {@code Pipe()}). Keep one end and give the other to a child
 * process, or give both away; each end works in whichever process first uses it.
 *
 * @param left in a one-way pipe, the end that receives
 * @param right in a one-way pipe, the end that sends
 */
public record Pipe(Connection left, Connection right) implements AutoCloseable {

    /** Closes both ends. */
    @Override
    public void close() {
        io.github.mp4j.resource.Closeables.closeAll(left, right);
    }
}
