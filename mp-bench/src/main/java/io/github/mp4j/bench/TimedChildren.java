package io.github.mp4j.bench;

import static io.github.mp4j.bench.Checks.check;

import io.github.mp4j.Mp;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.queue.QueueEmptyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs one task per child with every child released at once, as {@code time_children} in the
 * Python suite: start-up and exit are not timed. Each child runs the preparation if given,
 * reports ready and waits; the parent runs {@link OnReady} if given, starts the clock, releases
 * the children, runs its own work if given, and stops the clock once it holds every child's reply.
 *
 * <p>Python releases its children with one {@code Event}. mp4j has no cross-process event yet,
 * so a queue stands in for it: each child blocks on {@code go.get()} and the parent puts one
 * token per child. The parent's puts are local and cost well under a microsecond each.
 *
 * <p>Unlike Python, a child that dies before replying fails the run instead of hanging it, and a
 * child that does not exit soon after the run (it may be blocked on a pipe the failed parent
 * work left open) is killed.
 *
 * @param <P> the parent work's result type
 */
final class TimedChildren<P> {

    /** Called once every child is ready, before the clock starts. */
    @FunctionalInterface
    interface OnReady {
        void accept(List<ChildProcess> children) throws Exception;
    }

    private static final String READY = "ready";
    private static final String GO = "go";
    private static final Duration POLL = Duration.ofMillis(100);
    /** How long a reply may still be in flight after its sender exited. */
    private static final Duration EXIT_GRACE = Duration.ofSeconds(2);
    private static final Duration JOIN_GRACE = Duration.ofSeconds(30);
    private static final Duration JOIN_GRACE_AFTER_FAILURE = Duration.ofSeconds(3);

    private final List<ChildTask> tasks;
    private final ChildTask prepare;
    private final Callable<P> parentWork;
    private final OnReady onReady;

    private TimedChildren(List<ChildTask> tasks, ChildTask prepare, Callable<P> parentWork, OnReady onReady) {
        this.tasks = tasks;
        this.prepare = prepare;
        this.parentWork = parentWork;
        this.onReady = onReady;
    }

    /**
     * @param tasks one task per child
     * @return a run of those children with no parent work
     */
    static TimedChildren<Void> of(ChildTask... tasks) {
        return new TimedChildren<>(List.copyOf(Arrays.asList(tasks)), null, null, null);
    }

    /**
     * @param action what every child does before it reports ready, not timed
     * @return this run with that preparation
     */
    TimedChildren<P> prepare(ChildTask action) {
        return new TimedChildren<>(tasks, action, parentWork, onReady);
    }

    /**
     * @param <Q> the work's result type
     * @param work what the parent does while the clock runs
     * @return this run with that parent work
     */
    <Q> TimedChildren<Q> parentWork(Callable<Q> work) {
        return new TimedChildren<>(tasks, prepare, work, onReady);
    }

    /**
     * @param action what the parent does once every child is ready, not timed
     * @return this run with that action
     */
    TimedChildren<P> onReady(OnReady action) {
        return new TimedChildren<>(tasks, prepare, parentWork, action);
    }

    /**
     * @return the time, the children's results and the parent work's result
     * @throws Exception if the parent work fails
     * @throws CheckFailedException if a child failed or did not exit with 0
     */
    TimedRun<P> run() throws Exception {
        ProcessQueue<Object> go = Mp.queue();
        // A full queue rather than a simple one for the timed get, so a dead child cannot hang us.
        ProcessQueue<Object> results = Mp.queue();
        List<ChildProcess> started = new ArrayList<>();
        boolean released = false;
        boolean finished = false;
        double seconds;
        P parentResult;
        List<ChildReply> replies = new ArrayList<>();
        try {
            ChildTask preparation = prepare;   // a local, so the child's target does not capture this
            for (ChildTask task : tasks) {
                ChildProcess child = Mp.process(() -> gated(go, results, preparation, task));
                child.start();
                started.add(child);
            }
            for (int i = 0; i < tasks.size(); i++) {
                check(READY.equals(next(results, started)), "child did not report ready");
            }
            if (onReady != null) {
                onReady.accept(List.copyOf(started));
            }
            long t0 = System.nanoTime();
            release(go);
            released = true;
            parentResult = parentWork != null ? parentWork.call() : null;
            for (int i = 0; i < tasks.size(); i++) {
                replies.add((ChildReply) next(results, started));
            }
            seconds = (System.nanoTime() - t0) / 1e9;
            finished = true;
        } finally {
            if (!released) {
                release(go);
            }
            joinAll(started, finished ? JOIN_GRACE : JOIN_GRACE_AFTER_FAILURE);
            go.close();
            results.close();
        }
        List<Object> values = new ArrayList<>();
        for (ChildReply reply : replies) {
            check(reply.ok(), "child failed: " + reply.error());
            values.add(reply.value());
        }
        started.forEach(Checks::checkExit);
        return new TimedRun<>(seconds, values, parentResult);
    }

    /** The entry point of each child: prepare, report ready, wait for go, run the task, reply. */
    private static void gated(ProcessQueue<Object> go, ProcessQueue<Object> results, ChildTask prepare, ChildTask task) {
        if (prepare != null) {
            try {
                prepare.call();
            } catch (Exception e) {
                // the child exits with 1 before reporting ready, and the parent reports that
                throw new IllegalStateException("the preparation failed", e);
            }
        }
        results.put(READY);
        go.get();
        try {
            results.put(ChildReply.ok(task.call()));
        } catch (RuntimeException | Error e) {
            results.put(ChildReply.failed(e));
            throw e;
        } catch (Exception e) {
            results.put(ChildReply.failed(e));
            throw new IllegalStateException(e);
        }
    }

    private void release(ProcessQueue<Object> go) {
        for (int i = 0; i < tasks.size(); i++) {
            go.put(GO);
        }
    }

    /**
     * Takes the next message, failing rather than waiting forever once a child died or every
     * child exited without sending it.
     */
    private static Object next(ProcessQueue<Object> results, List<ChildProcess> children) {
        while (true) {
            try {
                return results.get(POLL);
            } catch (QueueEmptyException e) {
                boolean oneFailed = children.stream().anyMatch(c -> !c.isAlive() && c.exitCode() != null && c.exitCode() != 0);
                boolean allExited = children.stream().noneMatch(ChildProcess::isAlive);
                if (oneFailed || allExited) {
                    return lastChance(results, children);
                }
            }
        }
    }

    private static Object lastChance(ProcessQueue<Object> results, List<ChildProcess> children) {
        try {
            return results.get(EXIT_GRACE);
        } catch (QueueEmptyException e) {
            children.stream().filter(c -> !c.isAlive()).forEach(Checks::checkExit);
            throw new CheckFailedException("every child exited without replying");
        }
    }

    private static void joinAll(List<ChildProcess> children, Duration grace) {
        for (ChildProcess child : children) {
            if (!child.join(grace)) {
                System.err.println("mp-bench: " + child + " did not exit " + grace.toSeconds() + " s after"
                        + " the run; killing it");
                child.kill();
                child.join();
            }
            child.close();
        }
    }
}
