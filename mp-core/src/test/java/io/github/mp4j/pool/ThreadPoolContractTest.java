package io.github.mp4j.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.mp4j.runtime.StartMethod;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The pool contract on threads of this JVM (Python's {@code ThreadPool}). */
class ThreadPoolContractTest extends PoolContract {

    @Override
    StartMethod startMethod() {
        return StartMethod.THREADS;
    }

    @Override
    void assertRunning(WorkerInfo worker) {
        assertThat(worker.pid()).as("pid of %s", worker.name()).isEqualTo(ProcessHandle.current().pid());
        assertThat(threadsNamed(worker.name())).as("threads of %s", worker.name()).singleElement()
                .satisfies(thread -> assertThat(thread.isAlive()).isTrue());
    }

    @Override
    void assertGone(WorkerInfo worker) throws InterruptedException {
        for (Thread thread : threadsNamed(worker.name())) {
            thread.join(WAIT.toMillis());
            assertThat(thread.isAlive()).as("%s still running", thread).isFalse();
        }
    }

    @Override
    void assertNoWorkerLeft() throws InterruptedException {
        List<Thread> workers = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("threads-") && thread.getName().contains("-worker-"))
                .collect(Collectors.toList());
        for (Thread thread : workers) {
            thread.join(WAIT.toMillis());
        }
        assertThat(workers).as("worker threads of this class's pools").noneMatch(Thread::isAlive);
    }

    /**
     * A thread cannot be replaced as a worker JVM is: a task that throws a virtual machine error
     * stops the pool, failing its call with the cause, rather than leaving the call waiting forever.
     */
    @Test
    void aTaskThrowingAVirtualMachineErrorStopsTheThreadPoolInsteadOfHangingIt() {
        ProcessPool failing = ownPool(config("vm-error").processes(1));

        Throwable failure = catchThrowable(() -> failing.applyAsync(() -> {
            throw new InternalError("a broken JVM");
        }).get(WAIT));

        assertThat(failure).isInstanceOf(PoolClosedException.class).hasMessageContaining("thread failed")
                .hasMessageContaining("a broken JVM").cause().isInstanceOf(InternalError.class);
        assertTimeoutPreemptively(WAIT, failing::close, "close() of the stopped pool");
        assertThat(failing.metrics().workersAlive()).isZero();
    }

    private static List<Thread> threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(name))
                .collect(Collectors.toList());
    }
}
