package io.github.mp4j.manager.internal;

import io.github.mp4j.transport.FramedChannel;
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
 * <p>Quick calls cost nothing: only a call still running after {@link #ARM_AFTER_MILLIS} starts
 * watching, by waiting for the connection to become readable (a helper thread reads ahead; the
 * frame it may read is the next request, which the serving thread then takes from it). When the
 * end of the stream (or a failure) arrives during the call, the serving thread is interrupted:
 * its wait ends with {@code MpInterruptedException}, its reply is not delivered (what it took is
 * given back, {@link ReplyLossAware}), and its connection's session ends (locks released, as for
 * any closed connection). Other waiters of the same object are not affected, except a barrier,
 * which breaks for the other parties as it does when one of them is interrupted.
 */
final class CallWatch {

    /** How long a call runs before its connection is watched. */
    static final long ARM_AFTER_MILLIS = 20;

    private static final ScheduledExecutorService ARMING = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mp4j-manager-call-watch");
        thread.setDaemon(true);
        return thread;
    });

    private final Thread server;
    private final FramedChannel channel;
    private volatile boolean inCall;
    private volatile boolean peerGone;
    private ScheduledFuture<?> arming;

    /**
     * @param server the thread that serves the connection's calls
     * @param channel the connection
     */
    CallWatch(Thread server, FramedChannel channel) {
        this.server = server;
        this.channel = channel;
    }

    /** A call starts; called by the serving thread. */
    void begin() {
        inCall = true;
        arming = ARMING.schedule(this::watch, ARM_AFTER_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The call returned or threw; called by the serving thread before it replies. */
    void end() {
        inCall = false;
        arming.cancel(false);
    }

    /** @return whether the client's connection reached its end while a call ran */
    boolean peerGone() {
        return peerGone;
    }

    private void watch() {
        if (!inCall || channel.isClosed()) {
            return;
        }
        channel.readable().whenComplete((frame, failure) -> {
            if (failure != null) {
                peerGone = true;
                if (inCall) {
                    server.interrupt();
                }
            }
        });
    }
}
