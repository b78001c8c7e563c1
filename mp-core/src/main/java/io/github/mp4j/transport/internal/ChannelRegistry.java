package io.github.mp4j.transport.internal;

import io.github.mp4j.runtime.ExitSequence;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Every framed channel of this process that is not closed yet, and the deadlines that close a
 * channel whose exchange takes too long. At exit ({@link ExitSequence.Step#CONNECTIONS}) every
 * channel still open is closed: a JDK 17 JVM waits up to 300 ms for threads blocked in a native
 * read, and closing their sockets releases them at once.
 */
public final class ChannelRegistry {

    private static final Set<SocketLink> OPEN = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService DEADLINES = deadlineExecutor();

    static {
        ExitSequence.add(ExitSequence.Step.CONNECTIONS, () -> closeAll("this process is exiting"));
    }

    private ChannelRegistry() {
    }

    static void opened(SocketLink link) {
        OPEN.add(link);
    }

    static void closed(SocketLink link) {
        OPEN.remove(link);
    }

    /**
     * Closes every channel of this process.
     *
     * @param reason how later operations explain that the channels are closed
     */
    public static void closeAll(String reason) {
        for (SocketLink link : OPEN.toArray(SocketLink[]::new)) {
            link.close(reason);
        }
    }

    /**
     * Closes a channel if it is still open after {@code timeoutNanos}, unless the returned task is
     * cancelled first: a deadline for a blocking exchange such as the handshake.
     *
     * @param link the channel
     * @param timeoutNanos the deadline
     * @param reason how to explain the closing
     * @return cancel it when the exchange finished in time
     */
    public static ScheduledFuture<?> closeAfter(SocketLink link, long timeoutNanos, String reason) {
        return DEADLINES.schedule(() -> link.close(reason), timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A cancelled deadline leaves the queue at once: waiting there for its time (the handshake's
     * 30 s) it would keep its channel, and the channel's direct buffers, reachable after close.
     */
    private static ScheduledExecutorService deadlineExecutor() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("mp4j-connection-deadlines"));
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
