package io.github.mp4j.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.runtime.StartMethod;
import io.github.mp4j.serial.SerializationException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The pool contract on worker JVMs, and what only worker JVMs do: each worker is a child process,
 * and everything that crosses to it is serialized, so what cannot be serialized fails clearly.
 */
class JvmPoolContractTest extends PoolContract {

    @Override
    StartMethod startMethod() {
        return StartMethod.JVM;
    }

    @Override
    void assertRunning(WorkerInfo worker) {
        assertThat(worker.pid()).as("pid of %s", worker.name()).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(ProcessHandle.of(worker.pid())).as("process of %s", worker.name())
                .hasValueSatisfying(process -> assertThat(process.isAlive()).isTrue());
    }

    @Override
    void assertGone(WorkerInfo worker) {
        ProcessHandle.of(worker.pid()).ifPresent(process -> {
            process.onExit().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            assertThat(process.isAlive()).as("process of %s", worker.name()).isFalse();
        });
    }

    @Override
    void assertNoWorkerLeft() {
        ChildReaper.assertNoChildLeft();
    }

    @Test
    void eachWorkerIsAChildJvmOfItsOwn() {
        List<WorkerInfo> workers = pool.workers();
        Set<Long> children = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());

        assertThat(workers).extracting(WorkerInfo::pid).doesNotHaveDuplicates().allSatisfy(pid -> assertThat(children).contains(pid));
    }

    @Test
    void bytesSentAndReceivedAreCounted() {
        long sent = pool.metrics().bytesSent();
        long received = pool.metrics().bytesReceived();

        pool.map((String s) -> s + s, List.of("x".repeat(10_000)), 1);

        assertThat(pool.metrics().bytesSent()).isGreaterThanOrEqualTo(sent + 10_000);
        assertThat(pool.metrics().bytesReceived()).isGreaterThanOrEqualTo(received + 20_000);
    }

    // ------------------------------------------------------------------ what cannot be serialized

    @Test
    void aResultThatCannotBeSerializedFailsItsTaskNamingTheClassAndThePoolGoesOn() {
        Throwable thread = catchThrowable(() -> pool.apply(() -> new Thread("cannot travel")));
        assertThat(thread).isInstanceOf(TaskFailedException.class);
        assertThat(thread.getCause()).isInstanceOf(SerializationException.class).hasMessageContaining("java.lang.Thread");

        Throwable stream = catchThrowable(() -> pool.apply(() -> new StreamHolder(new ByteArrayInputStream(new byte[1]))));
        assertThat(stream).isInstanceOf(TaskFailedException.class);
        assertThat(stream.getCause()).isInstanceOf(SerializationException.class)
                .hasMessageContaining(StreamHolder.class.getName()).hasMessageContaining("InputStream");

        assertThat(pool.apply(() -> "still working")).isEqualTo("still working");
    }

    @Test
    void aResultThatCannotBeSerializedSpoilsNoOtherResultOfItsChunk() {
        List<Object> taken = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        try (ResultIterator<Object> results = pool.imap((Integer x) -> x == 5 ? new Thread("cannot travel") : x,
                range(0, 10).iterator(), 10)) {
            while (results.hasNext()) {
                try {
                    taken.add(results.next());
                } catch (TaskFailedException e) {
                    failures.add(e);
                }
            }
        }
        assertThat(taken).containsExactly(0, 1, 2, 3, 4, 6, 7, 8, 9);
        assertThat(failures).singleElement().satisfies(e -> assertThat(e.getCause()).isInstanceOf(SerializationException.class)
                .hasMessageContaining("java.lang.Thread"));
    }

    /** Items that could change (here, lists) are encoded at submit: a worker sees them as they were then. */
    @Test
    void mutableInputsChangedAfterTheCallReachWorkersAsTheyWereWhenItWasMade() throws Exception {
        List<List<Integer>> inputs = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            inputs.add(new ArrayList<>(List.of(i)));
        }

        AsyncResult<List<Integer>> result = pool.mapAsync((List<Integer> x) -> x.get(0), inputs);
        inputs.forEach(list -> list.set(0, -1));

        assertThat(result.get(WAIT)).isEqualTo(range(0, 20_000));
    }

    @Test
    void aTaskFunctionOrArgumentThatCannotBeSerializedFailsAtSubmitBeforeAnythingIsSent() {
        Thread thread = new Thread("captured");
        Function<Integer, Integer> notSerializable = x -> x;
        long pending = pool.metrics().tasksPending();
        long sent = pool.metrics().bytesSent();

        assertThatThrownBy(() -> pool.applyAsync(() -> thread.getName())).as("a task capturing a thread")
                .isInstanceOf(SerializationException.class).hasMessageContaining("java.lang.Thread");
        assertThatThrownBy(() -> pool.mapAsync((Integer x) -> thread.getName() + x, List.of(1, 2))).as("a function capturing a thread")
                .isInstanceOf(SerializationException.class).hasMessageContaining("java.lang.Thread");
        assertThatThrownBy(() -> pool.map((Integer x) -> notSerializable.apply(x), List.of(1, 2))).as("a non-serializable lambda")
                .isInstanceOf(SerializationException.class).hasMessageContaining("Serializable");
        assertThatThrownBy(() -> pool.imap((Integer x) -> thread.getName() + x, List.of(1, 2))).as("an imap function")
                .isInstanceOf(SerializationException.class).hasMessageContaining("java.lang.Thread");
        assertThatThrownBy(() -> pool.applyAsync(ThreadHolder::name, new ThreadHolder(thread))).as("an argument holding a thread")
                .isInstanceOf(SerializationException.class).hasMessageContaining("java.lang.Thread");
        assertThatThrownBy(() -> pool.map(ThreadHolder::name, List.of(new ThreadHolder(null), new ThreadHolder(thread))))
                .as("the second item holding a thread")
                .isInstanceOf(SerializationException.class).hasMessageContaining("#1").hasMessageContaining("java.lang.Thread");
        List<Map.Entry<String, ThreadHolder>> pairs = List.of(Map.entry("a", new ThreadHolder(thread)));
        assertThatThrownBy(() -> pool.starmap((String a, ThreadHolder b) -> a + b.name(), pairs, 0))
                .as("a starmap pair holding a thread")
                .isInstanceOf(SerializationException.class).hasMessageContaining("java.lang.Thread");

        assertThat(pool.metrics().tasksPending()).isEqualTo(pending);
        assertThat(pool.metrics().bytesSent()).as("bytes sent to workers").isEqualTo(sent);
        assertThat(pool.apply(() -> "still working")).isEqualTo("still working");
    }

    @Test
    void anImapItemThatCannotBeSerializedFailsOnlyItsOwnTask() {
        Thread thread = new Thread("captured");
        List<ThreadHolder> items = List.of(new ThreadHolder(null), new ThreadHolder(thread), new ThreadHolder(null));
        List<String> taken = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        try (ResultIterator<String> results = pool.imap((ThreadHolder h) -> "ok", items)) {
            while (results.hasNext()) {
                try {
                    taken.add(results.next());
                } catch (TaskFailedException e) {
                    failures.add(e);
                }
            }
        }
        assertThat(taken).containsExactly("ok", "ok");
        assertThat(failures).singleElement().satisfies(e -> assertThat(e).hasRootCauseInstanceOf(SerializationException.class)
                .rootCause().hasMessageContaining("java.lang.Thread"));
    }

    /** A result holding a stream, which belongs to the process that opened it. */
    record StreamHolder(InputStream in) {
    }

    /** A plain object, not {@link java.io.Serializable}, that may hold a thread. */
    static final class ThreadHolder {
        private final Thread thread;

        ThreadHolder(Thread thread) {
            this.thread = thread;
        }

        String name() {
            return thread == null ? "none" : thread.getName();
        }
    }
}
