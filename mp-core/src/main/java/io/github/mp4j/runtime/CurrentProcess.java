package io.github.mp4j.runtime;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mp4j state of the running JVM: its identity, its parent, and the auth key it shares with
 * its family of processes. What it does at exit is the {@link ExitSequence}.
 *
 * <p>The first JVM (the one a user started) is {@code MainProcess} and makes a random auth key.
 * A child JVM receives its identity and the key from its parent before it runs anything else;
 * the key travels over the child's standard input, never on a command line.
 */
public final class CurrentProcess {

    private static final int AUTH_KEY_BYTES = 32;

    private static volatile ProcessInfo info = new ProcessInfo("MainProcess", ProcessHandle.current().pid(),
            false, List.of());
    private static volatile ProcessInfo parent;
    /** Made on first use: a child receives its parent's key instead. */
    private static volatile byte[] authKey;
    private static final AtomicInteger CHILD_COUNTER = new AtomicInteger();

    private CurrentProcess() {
    }

    /** @return this process's identity */
    public static ProcessInfo info() {
        return info;
    }

    /** @return the process that started this one, if it was started by mp4j */
    public static Optional<ProcessInfo> parent() {
        return Optional.ofNullable(parent);
    }

    /** @return a copy of the auth key shared by this process, its parent and its children */
    public static byte[] authKey() {
        byte[] key = authKey;
        if (key == null) {
            synchronized (CurrentProcess.class) {
                key = authKey;
                if (key == null) {
                    key = newKey();
                    authKey = key;
                }
            }
        }
        return key.clone();
    }

    /**
     * Called once by a child JVM's entry point, before anything else runs.
     *
     * @param self the identity the parent gave this process
     * @param parentInfo the parent's identity
     * @param key the family's auth key
     */
    public static void initializeChild(ProcessInfo self, ProcessInfo parentInfo, byte[] key) {
        info = self;
        parent = parentInfo;
        authKey = key.clone();
    }

    /**
     * @return the identity of the next child of this process, and so its default name's digits
     */
    public static List<Integer> nextChildIdentity() {
        List<Integer> identity = new ArrayList<>(info.identity());
        identity.add(CHILD_COUNTER.incrementAndGet());
        return identity;
    }

    /**
     * Lets an owner that shuts down mp4j objects in its own order finish before mp4j stops
     * anything at JVM exit. A Spring application context, for one, closes its pool after the web
     * server and the task executors have finished the work that uses the pool, and gives the
     * pool's work a grace period; meanwhile mp4j must not stop the pool's workers, close their
     * connections or flush queues. At exit mp4j first runs every owner's {@code awaitShutdown}
     * (which waits, within a bound of its own, until the owner has shut its objects down), then
     * flushes queues, terminates pools still running, ends its children and closes its
     * connections.
     *
     * @param awaitShutdown returns once the owner has shut down what it owns (or gave up waiting); must not throw
     * @return unregisters it: call it once the owner has shut down before exit
     */
    public static Runnable atExitFirst(Runnable awaitShutdown) {
        return ExitSequence.add(ExitSequence.Step.OWNERS, awaitShutdown);
    }

    private static byte[] newKey() {
        byte[] key = new byte[AUTH_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
