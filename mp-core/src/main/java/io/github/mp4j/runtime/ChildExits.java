package io.github.mp4j.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * Tells the concepts that keep per-process state outside any process (files in the shared-memory
 * directory, say) that a child JVM of this process has exited, however it ended: a child that was
 * killed or crashed cleaned up nothing, and its parent is the process that learns of it first.
 * The process concept reports every child it started; listeners run on the thread that noticed
 * the exit, so they must be quick and must not throw.
 */
public final class ChildExits {

    /** Made on first use: System.getLogger starts java.util.logging, which a child JVM pays for only if it logs. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(ChildExits.class.getName());
    }
    private static final List<LongConsumer> LISTENERS = new CopyOnWriteArrayList<>();

    private ChildExits() {
    }

    /** @param listener called with the pid of each child JVM of this process that exits from now on */
    public static void listen(LongConsumer listener) {
        LISTENERS.add(listener);
    }

    /** @param pid a child JVM of this process that has exited */
    public static void exited(long pid) {
        for (LongConsumer listener : LISTENERS) {
            try {
                listener.accept(pid);
            } catch (RuntimeException e) {
                Log.LOG.log(System.Logger.Level.WARNING, "a listener for the exit of child " + pid + " failed", e);
            }
        }
    }
}
