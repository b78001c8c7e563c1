package io.github.mp4j.manager.internal;

import io.github.mp4j.transport.FramedChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Notices that a client went away while the manager works on its call, and releases the
 * manager's thread that serves it. A client waits for each reply before it sends its next request,
 * so while a call runs nothing should arrive on its connection: the end of the stream arriving
 * then means the client closed or died. A call that blocks on the client's behalf (an untimed
 * event, condition or barrier wait, a queue take, a lock acquire) would otherwise block for good,
 * and on TCP a reply written to a dead client can still succeed (into the kernel's buffer), so
 * what a take took would be lost.
 *
 * <p>Quick calls cost two volatile writes: a sweeper looks at the running calls every
 * {@link #ARM_AFTER_MILLIS}, and only a call it sees running twice starts watching, by waiting for
 * the connection to become readable (a helper thread reads ahead; the frame it may read is the
 * next request, which the serving thread then takes from it). When the
 * end of the stream (or a failure) arrives during the call, the serving thread is interrupted:
 * its wait ends with {@code MpInterruptedException}, its reply is not delivered (what it took is
 * given back, {@link ReplyLossAware}), and its connection's session ends (locks released, as for
 * any closed connection). Other waiters of the same object are not affected, except a barrier,
 * which breaks for the other parties as it does when one of them is interrupted.
 */
final class CallWatch {

    /** How long a call runs before its connection is watched, and how often calls are looked at. */
    static final long ARM_AFTER_MILLIS = 20;

    /** The connections being served, looked at every {@link #ARM_AFTER_MILLIS} while there are any. */
    private static final Set<CallWatch> SERVED = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mp4j-manager-call-watch");
        thread.setDaemon(true);
        return thread;
    });
    private static ScheduledFuture<?> sweeping;

    private final Thread server;
    private final FramedChannel channel;
    /** The number of the call running, or 0 between calls; written by the serving thread only. */
    private volatile long running;
    private long calls;
    /** The call that was running at the last sweep, and the one being watched; the sweeper's. */
    private long seen;
    private long watched;
    private volatile boolean peerGone;

    /**
     * @param server the thread that serves the connection's calls
     * @param channel the connection
     */
    private CallWatch(Thread server, FramedChannel channel) {
        this.server = server;
        this.channel = channel;
    }

    /**
     * Starts watching a connection's calls; {@link #close} it when the connection ends.
     *
     * @param server the thread that serves the connection's calls
     * @param channel the connection
     * @return the watch
     */
    static CallWatch of(Thread server, FramedChannel channel) {
        CallWatch watch = new CallWatch(server, channel);
        synchronized (SERVED) {
            SERVED.add(watch);
            if (sweeping == null) {
                sweeping = SWEEPER.scheduleWithFixedDelay(CallWatch::sweep, ARM_AFTER_MILLIS, ARM_AFTER_MILLIS,
                        TimeUnit.MILLISECONDS);
            }
        }
        return watch;
    }

    /** The connection ended; the sweeps stop once no connection is served. */
    void close() {
        synchronized (SERVED) {
            SERVED.remove(this);
            if (SERVED.isEmpty() && sweeping != null) {
                sweeping.cancel(false);
                sweeping = null;
            }
        }
    }

    /** A call starts; called by the serving thread. */
    void begin() {
        running = ++calls;
    }

    /** The call returned or threw; called by the serving thread before it replies. */
    void end() {
        running = 0;
    }

    /** @return whether the client's connection reached its end while a call ran */
    boolean peerGone() {
        return peerGone;
    }

    private static void sweep() {
        for (CallWatch watch : SERVED) {
            watch.look();
        }
    }

    /** A call seen running at two sweeps in a row has run at least {@link #ARM_AFTER_MILLIS}: watch it. */
    private void look() {
        long call = running;
        if (call != 0 && call == seen && call != watched && !channel.isClosed()) {
            watched = call;
            channel.readable().whenComplete((frame, failure) -> {
                if (failure != null) {
                    peerGone = true;
                    if (running != 0) {
                        server.interrupt();
                    }
                }
            });
        }
        seen = call;
    }
}
