package io.github.mp4j.transport.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * Blocking reads and writes over a socket in non-blocking mode, where a read first spins for a
 * short, adaptive while before it blocks. A reply on a Unix socket typically comes in a few
 * microseconds of the peer's work; blocking costs the waiting thread a sleep and a wake-up (two
 * task switches, tens of microseconds on a busy machine), spinning only a few failed reads.
 *
 * <p><b>How long to spin</b> is learned per channel from the waits it sees: a wait that ends
 * during the spin, or soon after it (within {@link #MAX_SPIN_NANOS}), sets the spin to twice that
 * wait, so a channel used for request and reply keeps catching its replies while spinning; a
 * longer wait, such as an idle server's or a worker's between tasks, halves it, so an idle waiter
 * burns at most one short spin and then sleeps in the kernel. A JVM with one processor never
 * spins (the peer would need the CPU it burns), nor does any when
 * {@value #SPIN_PROPERTY} is {@code 0}.
 *
 * <p><b>Blocking</b> is a wait on a selector of this socket alone, made when it is first needed;
 * closing the socket from another thread ({@link #close()}) wakes and closes the selectors, so
 * that a waiter sees the closed channel at once. A thread interrupted while it waits finds the
 * channel closed ({@link ClosedByInterruptException}, which {@link SocketLink} turns into a closed
 * channel), as a blocking read would have.
 *
 * <p>One thread reads at a time and one writes at a time (the reader's and the writer's locks);
 * the spin's state belongs to the reading side.
 */
final class SpinThenBlock {

    /** Longest spin in microseconds, or 0 for none; the default is {@value #DEFAULT_SPIN_MICROS}. */
    static final String SPIN_PROPERTY = "mp4j.transport.spinMicros";
    static final long DEFAULT_SPIN_MICROS = 50;
    static final long MAX_SPIN_NANOS = spinLimitNanos();
    /** Reads between two clock reads while spinning: a read that finds nothing costs about a microsecond. */
    private static final int READS_PER_CLOCK = 4;

    private final SocketChannel socket;
    /** What this channel spins for now; read side only. */
    private long spinNanos = MAX_SPIN_NANOS / 2;
    private Selector readable;
    private Selector writable;
    private boolean closed;

    /** @param socket a connected socket, switched to non-blocking mode here */
    SpinThenBlock(SocketChannel socket) throws IOException {
        this.socket = socket;
        socket.configureBlocking(false);
    }

    private static long spinLimitNanos() {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            return 0;
        }
        return Math.max(0, Long.getLong(SPIN_PROPERTY, DEFAULT_SPIN_MICROS)) * 1000;
    }

    /**
     * Reads at least one byte, or the end of the stream, waiting as long as it takes.
     *
     * @param target where to read
     * @return bytes read, or -1 at the end of the stream
     */
    int read(ByteBuffer target) throws IOException {
        int n = socket.read(target);
        if (n != 0 || !target.hasRemaining()) {
            return n;
        }
        long start = System.nanoTime();
        long waited = 0;
        while (waited < spinNanos) {
            for (int i = 0; i < READS_PER_CLOCK; i++) {
                Thread.onSpinWait();
                n = socket.read(target);
                if (n != 0) {
                    learn(System.nanoTime() - start);
                    return n;
                }
            }
            waited = System.nanoTime() - start;
        }
        n = blockingRead(target);
        learn(System.nanoTime() - start);
        return n;
    }

    /** Sets the next spin from how long this wait took. */
    private void learn(long waitedNanos) {
        if (waitedNanos <= MAX_SPIN_NANOS) {
            spinNanos = Math.min(MAX_SPIN_NANOS, 2 * waitedNanos);
        } else {
            spinNanos /= 2;
        }
    }

    private int blockingRead(ByteBuffer target) throws IOException {
        Selector selector = selector(SelectionKey.OP_READ);
        while (true) {
            await(selector);
            int n = socket.read(target);
            if (n != 0) {
                return n;
            }
        }
    }

    /**
     * Writes at least one byte, waiting for room as long as it takes.
     *
     * @param source what to write
     */
    void write(ByteBuffer source) throws IOException {
        if (socket.write(source) == 0 && source.hasRemaining()) {
            Selector selector = selector(SelectionKey.OP_WRITE);
            do {
                await(selector);
            } while (socket.write(source) == 0);
        }
    }

    /**
     * Writes at least one byte of the sources, waiting for room as long as it takes.
     *
     * @param sources what to write
     */
    void write(ByteBuffer[] sources) throws IOException {
        if (socket.write(sources) == 0 && hasRemaining(sources)) {
            Selector selector = selector(SelectionKey.OP_WRITE);
            do {
                await(selector);
            } while (socket.write(sources) == 0);
        }
    }

    private static boolean hasRemaining(ByteBuffer[] sources) {
        for (ByteBuffer source : sources) {
            if (source.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits until the selector's one key is ready or the channel closed (the caller's next read or
     * write then tells which).
     *
     * @throws ClosedByInterruptException if the thread is interrupted, as a blocking channel throws
     *     it (the caller closes the channel: part of a frame may be gone)
     */
    private static void await(Selector selector) throws IOException {
        try {
            selector.select(key -> { }, 0);
        } catch (ClosedSelectorException e) {
            // closed with the channel: the caller's next read or write reports it
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new ClosedByInterruptException();
        }
    }

    private synchronized Selector selector(int operation) throws IOException {
        Selector selector = operation == SelectionKey.OP_READ ? readable : writable;
        if (selector != null) {
            return selector;
        }
        selector = Selector.open();
        try {
            socket.register(selector, operation);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
        if (closed) {
            selector.close();
        } else if (operation == SelectionKey.OP_READ) {
            readable = selector;
        } else {
            writable = selector;
        }
        return selector;
    }

    /**
     * Closes the selectors, waking a thread waiting in either; call it once the socket is closed
     * (its descriptor is released when the last selector lets go of it).
     */
    synchronized void close() {
        closed = true;
        closeQuietly(readable);
        closeQuietly(writable);
    }

    private static void closeQuietly(Selector selector) {
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException e) {
                // best effort: the selector's descriptors are released either way
            }
        }
    }
}
