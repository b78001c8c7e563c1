package io.github.mp4j.pool;

import io.github.mp4j.queue.ProcessQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the pool tests run in workers. Kept apart from the test classes so that a worker JVM loads
 * nothing but these few methods, and so that no task captures a test instance by accident.
 */
final class PoolTasks {

    /** Initializer runs, by {@link #initializerKey}: in a worker JVM only its own, in a thread pool all of them. */
    private static final Map<String, AtomicInteger> INITIALIZER_RUNS = new ConcurrentHashMap<>();
    private static final long LONG_ENOUGH_MILLIS = 120_000;

    private PoolTasks() {
    }

    /** @return which worker runs this: its process id and thread, the same for every task of one worker */
    static String whoAmI() {
        return ProcessHandle.current().pid() + "/" + Thread.currentThread().getName();
    }

    /** @return the process running the task */
    static long pid() {
        return ProcessHandle.current().pid();
    }

    /** The pool initializer of the contract tests: counts its runs in the worker it runs in. */
    static void initialize(String poolToken) {
        INITIALIZER_RUNS.computeIfAbsent(initializerKey(poolToken), key -> new AtomicInteger()).incrementAndGet();
    }

    /** @return how often {@link #initialize} ran in the worker running this task */
    static int initializerRuns(String poolToken) {
        AtomicInteger runs = INITIALIZER_RUNS.get(initializerKey(poolToken));
        return runs == null ? 0 : runs.get();
    }

    private static String initializerKey(String poolToken) {
        return poolToken + "@" + whoAmI();
    }

    /** @return a {@code Long} for most items, and for some an {@code Integer}, a {@code String} or {@code null} */
    static Object longOrOther(int item) {
        return switch (Math.floorMod(item, 7)) {
            case 3 -> item;
            case 5 -> "item " + item;
            case 6 -> null;
            default -> (long) item << 33;
        };
    }

    /**
     * @throws IllegalStateException for item {@code bad}, caused by an {@link ArithmeticException}
     */
    static int failOn(int item, int bad) {
        if (item == bad) {
            throw new IllegalStateException("bad item " + item, new ArithmeticException("root cause of item " + item));
        }
        return item * 2;
    }

    /** Tells the test it started (by the worker's pid), then waits for the test's go-ahead. */
    static <T> T signalThenWait(ProcessQueue<Long> started, ProcessQueue<T> release) {
        started.put(pid());
        return release.get();
    }

    /** Tells the test it started, then runs until its worker is killed or its thread interrupted. */
    static String signalThenRunForever(ProcessQueue<Long> started) throws InterruptedException {
        started.put(pid());
        Thread.sleep(LONG_ENOUGH_MILLIS);
        return "should have been stopped";
    }

    /** Sleeps {@code millis} (none for 0), then tells which worker ran it ({@link #whoAmI}). */
    static String napThenWhoAmI(int millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return whoAmI();
    }

    /** Tells the test which worker runs it ({@link #whoAmI}), then runs until its worker is killed or its thread interrupted. */
    static String signalWhoThenRunForever(ProcessQueue<String> started) {
        started.put(whoAmI());
        return runForever();
    }

    /** Runs until its worker is killed or its thread interrupted (then throws). */
    static String runForever() {
        try {
            Thread.sleep(LONG_ENOUGH_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return "should have been stopped";
    }

    /** Fills the heap until the JVM runs out of memory. */
    static int exhaustHeap() {
        List<long[]> hog = new ArrayList<>();
        while (true) {
            hog.add(new long[1 << 20]);
        }
    }
}
