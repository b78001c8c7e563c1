package io.github.mp4j.process.internal;

import io.github.mp4j.runtime.ExitSequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The children this process started and that have not been joined, and what happens to them
 * when this process exits ({@link ExitSequence.Step#CHILDREN}: after queues are flushed and pools
 * terminated, before connections close): daemon children are terminated (then killed if they do not stop
 * within {@link #DAEMON_GRACE}); the others are waited for, as Python waits for non-daemon
 * children at interpreter exit. If this process is killed instead, every child notices that its
 * standard input ended and exits within a few seconds.
 *
 * @param <T> the process type registered
 */
public final class Children<T extends Children.Member> {

    /** How long a daemon child has to stop after SIGTERM before it is killed, at parent exit. */
    public static final Duration DAEMON_GRACE = Duration.ofSeconds(2);

    /** What the registry needs of a child. */
    public interface Member {
        /** @return whether to terminate rather than wait for it at parent exit */
        boolean daemon();

        /** @return the started child */
        Popen popen();
    }

    private final Set<T> live = ConcurrentHashMap.newKeySet();

    /** Registers the exit step that ends or waits for the registered children. */
    public Children() {
        ExitSequence.add(ExitSequence.Step.CHILDREN, this::atExit);
    }

    /** @param child a child that has just started */
    public void add(T child) {
        live.add(child);
    }

    /** @param child a child that was joined or closed */
    public void remove(T child) {
        live.remove(child);
    }

    /** @return the children still running (finished ones are dropped, as Python's active_children does) */
    public List<T> active() {
        List<T> running = new ArrayList<>();
        for (T child : live) {
            if (child.popen().onExit().isDone()) {
                live.remove(child);
            } else {
                running.add(child);
            }
        }
        return running;
    }

    private void atExit() {
        List<T> children = new ArrayList<>(live);
        for (T child : children) {
            if (child.daemon()) {
                child.popen().terminate();
            }
        }
        for (T child : children) {
            if (child.daemon()) {
                try {
                    child.popen().onExit().get(DAEMON_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    child.popen().kill();
                } catch (InterruptedException | ExecutionException e) {
                    child.popen().kill();
                }
            } else {
                child.popen().onExit().join();
            }
        }
    }
}
