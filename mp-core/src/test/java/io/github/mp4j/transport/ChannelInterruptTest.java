package io.github.mp4j.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.MpInterruptedException;
import io.github.mp4j.connection.ConnectionClosedException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A thread interrupted while it waits on a framed channel gets {@link MpInterruptedException}
 * with its interrupt status set. Interrupted in the middle of socket I/O (or of waiting for room
 * in the ring, where part of a frame may be written) it also finds the channel closed; interrupted
 * while only waiting for a frame to arrive, it finds the channel as it was.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChannelInterruptTest {

    private static final int MIB = 1 << 20;

    private FramedChannelPair pair;

    @BeforeEach
    void connect() throws Exception {
        pair = FramedChannelPair.open();
    }

    @AfterEach
    void close() {
        pair.close();
    }

    @Test
    void aReadInterruptedInTheSocketClosesTheChannelAndThrowsMpInterruptedException() throws Exception {
        Blocked blocked = Blocked.start("reader", () -> pair.server().read());

        Throwable thrown = blocked.interruptAndAwait();

        assertThat(thrown).isInstanceOf(MpInterruptedException.class).hasCauseInstanceOf(ClosedByInterruptException.class)
                .hasMessageContaining("a message");
        assertThat(blocked.interruptStatusAfter).isTrue();
        assertThat(pair.server().isClosed()).isTrue();
        assertThat(pair.server().closedReason()).contains("interrupted");
        assertThat(CompletableFuture.supplyAsync(() -> pair.server().read()).handle((frame, e) -> e.getCause()).get())
                .as("the next read").isInstanceOf(ConnectionClosedException.class).hasMessageContaining("interrupted");
    }

    @Test
    void aWaitForAFrameThatIsInterruptedLeavesTheChannelUsable() throws Exception {
        Blocked blocked = Blocked.start("poller", () -> pair.server().awaitReadable(TimeUnit.MINUTES.toNanos(5)));

        Throwable thrown = blocked.interruptAndAwait();

        assertThat(thrown).isInstanceOf(MpInterruptedException.class).hasCauseInstanceOf(InterruptedException.class)
                .hasMessageContaining("a message");
        assertThat(blocked.interruptStatusAfter).isTrue();
        assertThat(pair.server().isClosed()).isFalse();
        pair.client().write(ByteBuffer.wrap(new byte[] {42}));
        assertThat(pair.server().read()).as("the frame read ahead for the wait").containsExactly(42);
    }

    @Test
    void aReadWaitingForTheFrameAPollReadAheadIsInterruptibleAndTheFrameGoesToTheNextRead() throws Exception {
        assertThat(pair.server().awaitReadable(TimeUnit.MILLISECONDS.toNanos(10))).as("nothing sent yet").isFalse();
        Blocked blocked = Blocked.start("reader", () -> pair.server().read());

        Throwable thrown = blocked.interruptAndAwait();

        assertThat(thrown).isInstanceOf(MpInterruptedException.class).hasCauseInstanceOf(InterruptedException.class);
        assertThat(blocked.interruptStatusAfter).isTrue();
        assertThat(pair.server().isClosed()).isFalse();
        pair.client().write(ByteBuffer.wrap(new byte[] {7}));
        assertThat(pair.server().read()).as("the frame read ahead for the poll").containsExactly(7);
    }

    @Test
    void aWriterWaitingForRoomInAFullRingIsInterruptible() throws Exception {
        pair.client().enableSharedMemory();
        pair.server().enableSharedMemory();
        CompletableFuture<Void> offering = CompletableFuture.runAsync(() -> pair.client().write(ByteBuffer.allocate(MIB)));
        assertThat(pair.server().read()).as("the first large frame, which offers the ring").hasSize(MIB);
        offering.join();
        pair.client().write(ByteBuffer.allocate(MIB));
        assertThat(pair.server().read()).as("the second, through the ring").hasSize(MIB);
        assertThat(pair.client().writesThroughSharedMemory()).isTrue();

        Blocked blocked = Blocked.start("writer", () -> {
            while (true) {
                pair.client().write(ByteBuffer.allocate(MIB)); // nobody reads: the ring fills up
            }
        });
        Throwable thrown = blocked.interruptAndAwait();

        assertThat(thrown).isInstanceOf(MpInterruptedException.class).hasCauseInstanceOf(ClosedByInterruptException.class)
                .hasMessageContaining("room to send");
        assertThat(blocked.interruptStatusAfter).isTrue();
        assertThat(pair.client().isClosed()).isTrue();
    }

    /** A thread running a call that blocks, and what the call threw once it was interrupted. */
    private static final class Blocked {

        private final Thread thread;
        private final CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        private volatile boolean interruptStatusAfter;

        private Blocked(String name, Runnable call) {
            thread = new Thread(() -> {
                try {
                    call.run();
                    thrown.complete(null);
                } catch (RuntimeException e) {
                    interruptStatusAfter = Thread.currentThread().isInterrupted();
                    thrown.complete(e);
                }
            }, name);
            thread.setDaemon(true);
        }

        static Blocked start(String name, Runnable call) {
            Blocked blocked = new Blocked(name, call);
            blocked.thread.start();
            return blocked;
        }

        Throwable interruptAndAwait() throws Exception {
            awaitBlocked(thread);
            thread.interrupt();
            return thrown.get(30, TimeUnit.SECONDS);
        }

        /** Until the thread is parked, or in native code (a system call); an interrupt that comes sooner still counts. */
        private static void awaitBlocked(Thread thread) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                Thread.State state = thread.getState();
                if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || inNativeRead(thread)) {
                    return;
                }
                Thread.sleep(10);
            }
        }

        private static boolean inNativeRead(Thread thread) {
            for (StackTraceElement frame : thread.getStackTrace()) {
                if (frame.isNativeMethod()) {
                    return true;
                }
            }
            return false;
        }
    }
}
