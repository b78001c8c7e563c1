package io.github.mp4j.runtime;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What mp4j does when this JVM exits, in one order, from one shutdown hook. The JVM runs its
 * shutdown hooks all at once and in no order; were each concept to register its own, a child
 * could be terminated while a queue still feeds it, or a pool could take the workers it loses to
 * a closing connection for crashed ones and start replacements. So every concept adds its part
 * here, to its {@link Step}, and the steps run one after the other:
 *
 * <ol>
 *   <li>{@link Step#OWNERS}: an owner that shuts down mp4j objects in its own order (a Spring
 *       application context closing its pool after the work that uses it) gets to finish first;</li>
 *   <li>{@link Step#FLUSH}: queues hand over the items they still buffer, pipes the messages they
 *       kept for a peer that has connected, a pool worker tells its pool that a task exits the JVM;
 *       a child whose target returned runs this step at once ({@link #flushNow}), before it exits;</li>
 *   <li>{@link Step#POOLS}: pools still running are terminated, so that none replaces the
 *       workers the next steps end;</li>
 *   <li>{@link Step#CHILDREN}: daemon children are terminated, the others waited for;</li>
 *   <li>{@link Step#CONNECTIONS}: the object server stops and every connection closes.</li>
 * </ol>
 *
 * A failing action is reported and the sequence goes on. The steps are for mp4j's own concepts;
 * an application that owns mp4j objects registers with {@link CurrentProcess#atExitFirst}. This
 * is mp4j's only shutdown hook.
 */
public final class ExitSequence {

    /** The logger, made on first use: System.getLogger starts java.util.logging, which a worker JVM pays for only if it logs. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(ExitSequence.class.getName());
    }

    /** The steps, in the order they run. */
    public enum Step {
        /** Owners shut down what they own, in their own order. */
        OWNERS,
        /** Queues hand over the items they buffer. */
        FLUSH,
        /** Pools still running are terminated. */
        POOLS,
        /** Daemon children are terminated, the others joined. */
        CHILDREN,
        /** The object server stops and every connection of this process closes. */
        CONNECTIONS
    }

    private static final Map<Step, List<Runnable>> ACTIONS = new EnumMap<>(Step.class);
    private static volatile boolean running;

    static {
        for (Step step : Step.values()) {
            ACTIONS.put(step, new CopyOnWriteArrayList<>());
        }
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(ExitSequence::run, "mp4j-at-exit"));
        } catch (IllegalStateException e) {
            running = true; // first used while the JVM exits: nothing of mp4j was running before
        }
    }

    private ExitSequence() {
    }

    /**
     * @param step when the action runs
     * @param action what to do; runs once, at exit
     * @return removes the action again (for an object closed before exit)
     */
    public static Runnable add(Step step, Runnable action) {
        List<Runnable> actions = ACTIONS.get(step);
        actions.add(action);
        return () -> actions.remove(action);
    }

    /**
     * Runs the {@link Step#FLUSH} actions now, without exiting: a child whose target has returned
     * hands over what it buffered while its connections still work. Safe to call more than once;
     * the actions run again at exit.
     */
    public static void flushNow() {
        runStep(Step.FLUSH);
    }

    /** @return whether this JVM is exiting and the sequence has begun */
    public static boolean isRunning() {
        return running;
    }

    private static void run() {
        running = true;
        for (Step step : Step.values()) {
            runStep(step);
        }
    }

    private static void runStep(Step step) {
        for (Runnable action : ACTIONS.get(step)) {
            try {
                action.run();
            } catch (RuntimeException e) {
                Log.LOG.log(System.Logger.Level.WARNING, "an exit action of step " + step + " failed; the exit goes on", e);
            }
        }
    }
}
