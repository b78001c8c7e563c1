package io.github.mp4j.sync.internal;

import io.github.mp4j.resource.RuntimeDirectory;
import io.github.mp4j.runtime.ExitSequence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * How a thread parked in one process is woken from another: Java has no futex, so each process
 * that waits owns one Unix-domain socket, and a process that releases writes the waiter's ticket
 * to it.
 *
 * <pre>
 * waiting process                                   releasing process
 * ───────────────                                   ─────────────────
 * ticket = pid &lt;&lt; 40 | n  (expect: ticket → thread)
 * slot in the primitive's WaitList ← ticket
 * LockSupport.parkNanos(≤ 250 ms)                   changes the state word (CAS)
 *                                                   reads the slot: ticket
 *   "mp4j-waker" thread ◄── 8 bytes: ticket ─────── socket to &lt;runtime dir&gt;/&lt;pid&gt;-0-waker.sock
 *   (one per process, a Selector)                   (connected once per peer, kept)
 *   unpark(thread of ticket)
 * </pre>
 *
 * <p>The socket is {@code <pid>-0-waker.sock} in the {@linkplain RuntimeDirectory#get() runtime
 * directory}: its name is known from the pid alone, it is private to the user like the
 * directory, removed at exit, and by {@code RuntimeDirectory}'s sweep once its process is gone.
 * A ticket that names this process is unparked directly, without the socket. A ticket whose
 * process is gone cannot be delivered ({@link #wake} returns {@code false}) and the caller
 * frees the slot. Tickets only ever wake: a waiter re-checks the shared state after every wake-up,
 * so a stray or late ticket costs one spurious wake-up, never correctness.
 *
 * <p>Why not polling: a waiter polling every 100 µs costs several percent of a core; this costs
 * nothing while idle (a waiter wakes only every 250 ms, to check for a dead owner) and hands over
 * in tens of microseconds (see {@code lock_handoff_us} in mp-bench).
 */
public final class Waker {

    /** Made on first use: System.getLogger starts java.util.logging, which a child JVM pays for only if it logs. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(Waker.class.getName());
    }
    private static final int SEQUENCE_BITS = 40;
    private static final long PID = OwnerToken.currentPid();
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final Map<Long, Thread> EXPECTED = new ConcurrentHashMap<>();
    private static final Map<Long, SocketChannel> PEERS = new ConcurrentHashMap<>();
    private static volatile boolean listening;

    private Waker() {
    }

    /**
     * Makes a ticket that wakes the calling thread until {@link #forget}, starting this process's
     * socket first if needed.
     *
     * @return the ticket, never 0
     */
    public static long expect() {
        listen();
        long ticket = (PID << SEQUENCE_BITS) | (SEQUENCE.incrementAndGet() & ((1L << SEQUENCE_BITS) - 1));
        EXPECTED.put(ticket, Thread.currentThread());
        return ticket;
    }

    /** @param ticket no longer wakes anything */
    public static void forget(long ticket) {
        EXPECTED.remove(ticket);
    }

    /**
     * @param ticket a ticket
     * @return the pid of the process that made it
     */
    public static long pid(long ticket) {
        return ticket >>> SEQUENCE_BITS;
    }

    /**
     * Wakes the thread waiting with {@code ticket}, in whatever process.
     *
     * @param ticket from {@link #expect} in any process
     * @return {@code false} if its process is gone (no socket, or the socket is closed)
     */
    public static boolean wake(long ticket) {
        long pid = pid(ticket);
        if (pid == PID) {
            Thread thread = EXPECTED.get(ticket);
            if (thread != null) {
                LockSupport.unpark(thread);
            }
            return true;
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            SocketChannel peer = peer(pid);
            if (peer == null) {
                return false;
            }
            try {
                send(peer, ticket);
                return true;
            } catch (IOException e) {
                // a process that restarted its socket, or one that died: reconnect once to tell which
                PEERS.remove(pid, peer);
                closeQuietly(peer);
            }
        }
        return false;
    }

    private static void send(SocketChannel peer, long ticket) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder()).putLong(0, ticket);
        synchronized (peer) {
            while (bytes.hasRemaining()) {
                peer.write(bytes);
            }
        }
    }

    private static SocketChannel peer(long pid) {
        SocketChannel known = PEERS.get(pid);
        if (known != null) {
            return known;
        }
        try {
            SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socketPath(pid)));
            SocketChannel raced = PEERS.putIfAbsent(pid, channel);
            if (raced != null) {
                closeQuietly(channel);
                return raced;
            }
            return channel;
        } catch (IOException e) {
            return null;
        }
    }

    private static Path socketPath(long pid) {
        return RuntimeDirectory.get().resolve(pid + "-0-waker.sock");
    }

    private static void listen() {
        if (listening) {
            return;
        }
        synchronized (Waker.class) {
            if (listening) {
                return;
            }
            Path path = socketPath(PID);
            try {
                // a file of this pid can only be left by a dead process that had the same pid
                Files.deleteIfExists(path);
                ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                server.bind(UnixDomainSocketAddress.of(path));
                server.configureBlocking(false);
                Selector selector = Selector.open();
                server.register(selector, SelectionKey.OP_ACCEPT);
                Thread thread = new Thread(() -> serve(selector), "mp4j-waker");
                thread.setDaemon(true);
                thread.start();
                ExitSequence.add(ExitSequence.Step.CONNECTIONS, () -> close(selector, server, path));
                listening = true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the socket " + path + " through which other processes"
                        + " wake this one's waiting threads; check that the runtime directory is writable", e);
            }
        }
    }

    private static void serve(Selector selector) {
        try {
            while (selector.isOpen()) {
                selector.select();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    handle(selector, key);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (selector.isOpen()) {
                Log.LOG.log(System.Logger.Level.WARNING, "the waker of this process stopped; waiting threads"
                        + " fall back to checking every 250 ms", e);
            }
        }
    }

    private static void handle(Selector selector, SelectionKey key) throws IOException {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            SocketChannel accepted = ((ServerSocketChannel) key.channel()).accept();
            if (accepted != null) {
                accepted.configureBlocking(false);
                accepted.register(selector, SelectionKey.OP_READ,
                        ByteBuffer.allocate(64 * Long.BYTES).order(ByteOrder.nativeOrder()));
            }
        } else if (key.isReadable()) {
            read(key);
        }
    }

    private static void read(SelectionKey key) {
        SocketChannel channel = (SocketChannel) key.channel();
        ByteBuffer buffer = (ByteBuffer) key.attachment();
        try {
            if (channel.read(buffer) < 0) {
                key.cancel();
                closeQuietly(channel);
                return;
            }
        } catch (IOException e) {
            key.cancel();
            closeQuietly(channel);
            return;
        }
        buffer.flip();
        while (buffer.remaining() >= Long.BYTES) {
            Thread thread = EXPECTED.get(buffer.getLong());
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        }
        buffer.compact();
    }

    private static void close(Selector selector, ServerSocketChannel server, Path path) {
        try {
            selector.close();
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // left for RuntimeDirectory's sweep of dead processes' files
        }
        PEERS.values().forEach(Waker::closeQuietly);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }
}
