package io.github.mp4j.connection;

/**
 * The two ends of a pipe (Python's {@code Pipe()}). Keep one end and give the other to a child
 * process, or give both away; each end works in whichever process first uses it.
 *
 * @param left in a one-way pipe, the end that receives
 * @param right in a one-way pipe, the end that sends
 */
public record Pipe(Connection left, Connection right) implements AutoCloseable {

    /**
     * Opens a pipe (Python's {@code multiprocessing.Pipe}). Its ends can be sent to child
     * processes, pool tasks and through queues; the first process to use an end attaches it.
     *
     * @param duplex {@code true} for a two-way pipe; {@code false} for a one-way pipe whose left
     *     end receives and right end sends
     * @return the pipe
     */
    public static Pipe open(boolean duplex) {
        return io.github.mp4j.connection.internal.PipeEnd.create(duplex);
    }

    /** Closes both ends. */
    @Override
    public void close() {
        io.github.mp4j.resource.Closeables.closeAll(left, right);
    }
}
