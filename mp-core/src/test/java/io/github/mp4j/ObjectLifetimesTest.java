package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.connection.Connection;
import io.github.mp4j.connection.ConnectionClosedException;
import io.github.mp4j.connection.Pipe;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.process.JvmOptions;
import io.github.mp4j.process.ProcessStartException;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.transport.ObjectServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What this process shares stays registered with its object server as long as some process may
 * still reach it, and no longer: closing a queue's last handle here, or dropping it, forgets the
 * queue, unless a child it was handed to still runs; a pipe is forgotten once neither end can still
 * arrive, also when an end is dropped unused. Closing another process's handle ends only that handle.
 */
class ObjectLifetimesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int OBJECTS = 50;

    /** Kills and waits for this test's children, then checks that no mp4j child JVM is left. */
    @RegisterExtension
    final ChildReaper children = new ChildReaper();
    private final ObjectServer server = ObjectServer.local();

    @Test
    void closingQueuesForgetsThem() {
        int before = settledCount();
        List<ProcessQueue<String>> queues = new ArrayList<>();
        for (int i = 0; i < OBJECTS; i++) {
            queues.add(Mp.queue());
        }
        assertThat(server.registeredCount()).isGreaterThanOrEqualTo(before + OBJECTS);

        queues.forEach(ProcessQueue::close);

        assertThat(server.registeredCount()).isLessThanOrEqualTo(before);
    }

    @Test
    void droppedQueuesAndPipesAreForgottenOnceUnreachable() {
        int before = settledCount();
        for (int i = 0; i < OBJECTS; i++) {
            Mp.queue().put("kept by nobody");
            Mp.pipe();
        }
        assertThat(server.registeredCount()).isGreaterThanOrEqualTo(before + 2 * OBJECTS);

        awaitAtMost(before, server::registeredCount);
    }

    @Test
    void aQueueStaysWhileAnotherHandleOfItHereIsOpen() {
        ProcessQueue<String> queue = Mp.queue();
        @SuppressWarnings("unchecked")
        ProcessQueue<String> copy = (ProcessQueue<String>) ObjectCodec.decode(ObjectCodec.encode(queue));
        int registered = server.registeredCount();

        queue.close();

        assertThat(server.registeredCount()).isEqualTo(registered);
        copy.put("after the first handle closed");
        assertThat(copy.get(PATIENCE)).isEqualTo("after the first handle closed");
    }

    @Test
    void aQueueHandedToAChildStaysUntilTheChildExitsAndTheChildsCloseEndsOnlyItsOwnHandle() {
        ProcessQueue<String> queue = Mp.queue();
        int registered = server.registeredCount();
        ChildProcess child = children.start(Mp.process((ProcessQueue<String> handle) -> {
            handle.close();
            sleep(1_000);
        }, queue));

        queue.close();

        assertThat(child.isAlive()).as("the child still runs").isTrue();
        assertThat(server.registeredCount()).as("kept for the child, whose close is its own").isEqualTo(registered);
        child.join();
        awaitAtMost(registered - 1, server::registeredCount);
    }

    @Test
    void aQueueHandedToAChildThatCannotStartIsNotKeptForIt() {
        ProcessQueue<String> queue = Mp.queue();
        int registered = server.registeredCount();
        JvmOptions noJava = JvmOptions.builder().javaExecutable(Path.of("/nonexistent/bin/java")).build();
        ChildProcess child = ChildProcess.builder((ProcessQueue<String> handle) -> handle.put("never"), queue)
                .jvmOptions(noJava).build();

        assertThatThrownBy(child::start).isInstanceOf(ProcessStartException.class);
        queue.close();

        assertThat(server.registeredCount()).as("nothing kept for a child that never ran").isEqualTo(registered - 1);
    }

    @Test
    void aPipeWhoseEndsAreClosedUnusedIsForgottenAndALateEndIsRefused() {
        int before = settledCount();
        Pipe pipe = Mp.pipe();
        byte[] right = ObjectCodec.encode(pipe.right());
        assertThat(server.registeredCount()).isGreaterThanOrEqualTo(before + 1);

        pipe.left().close();
        pipe.right().close();

        assertThat(server.registeredCount()).isLessThanOrEqualTo(before);
        assertThatThrownBy(() -> ((Connection) ObjectCodec.decode(right)).recv())
                .isInstanceOf(ConnectionClosedException.class);
    }

    /** @return the registry's size once what earlier tests dropped has been cleaned up */
    private int settledCount() {
        int previous = Integer.MAX_VALUE;
        int now = server.registeredCount();
        for (int round = 0; round < 10 && now < previous; round++) {
            System.gc();
            sleep(50);
            previous = now;
            now = server.registeredCount();
        }
        return now;
    }

    /** Runs the garbage collector until {@code count} is at most {@code bound}. */
    static void awaitAtMost(int bound, IntSupplier count) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (count.getAsInt() > bound && System.nanoTime() < deadline) {
            System.gc();
            sleep(20);
        }
        assertThat(count.getAsInt()).as("registered objects, %s after they became unreachable", PATIENCE)
                .isLessThanOrEqualTo(bound);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
