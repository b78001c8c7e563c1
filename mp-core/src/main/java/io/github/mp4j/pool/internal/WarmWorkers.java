package io.github.mp4j.pool.internal;

import io.github.mp4j.connection.Pipe;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.JvmOptions;
import io.github.mp4j.runtime.ExitSequence;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Worker JVMs that closed pools keep, idle, for the next pool of an equal configuration
 * ({@code PoolConfig.reuseWorkers}). Equal means the same {@link Key}: the same java, JVM
 * options (flags, heap, extra class path, environment, class data sharing, main class) and this
 * JVM's class path, so a reused JVM is one the new pool would have started. The initializer is
 * not part of it: a reused worker runs the new pool's initializer, as a new one would.
 *
 * <p>A worker is kept after it answered {@link PoolProtocol#RELEASE} (its pipe holds nothing
 * more), for the pool's keep-alive; then it is killed. One that dies while idle is dropped, and
 * never handed out. Kept workers are daemon children, and are killed in
 * {@link ExitSequence.Step#POOLS} at the latest: none outlives this JVM.
 */
public final class WarmWorkers {

    private static final System.Logger LOG = System.getLogger(WarmWorkers.class.getName());

    /** What makes two pools' workers interchangeable. */
    record Key(JvmOptions options, String classPath) {

        /** @return the key of workers started with these (complete) options from this JVM */
        static Key of(JvmOptions options) {
            return new Key(options, System.getProperty("java.class.path", ""));
        }
    }

    /** An idle worker: its JVM and the pool's end of its pipe. */
    record Kept(ChildProcess process, Pipe pipe) {
    }

    /** Idle workers, oldest first, by key; guarded by itself. */
    private static final Map<Key, ArrayDeque<Idle>> IDLE = new HashMap<>();
    private static final long END_WAIT_SECONDS = 10;
    private static volatile ScheduledExecutorService timer;

    static {
        ExitSequence.add(ExitSequence.Step.POOLS, WarmWorkers::closeIdle);
    }

    private WarmWorkers() {
    }

    /** A kept worker and the end of its keep-alive. */
    private record Idle(Key key, Kept kept, ScheduledFuture<?> expiry) {
    }

    /**
     * @param key the new worker's key
     * @return an idle worker of that key, now the caller's, alive when this looked; or {@code null}
     */
    static Kept take(Key key) {
        while (true) {
            Idle idle;
            synchronized (IDLE) {
                ArrayDeque<Idle> kept = IDLE.get(key);
                idle = kept == null ? null : kept.pollLast();
                if (kept != null && kept.isEmpty()) {
                    IDLE.remove(key);
                }
            }
            if (idle == null) {
                return null;
            }
            idle.expiry().cancel(false);
            if (alive(idle.kept().process())) {
                return idle.kept();
            }
            end(idle.kept());
        }
    }

    /** Asks the system too: the child's own exit notice may still be on its way. */
    private static boolean alive(ChildProcess process) {
        return process.isAlive() && ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Keeps a released worker for the next pool of its key.
     *
     * @param key its key
     * @param kept the worker
     * @param keepAlive how long it may wait
     */
    static void keep(Key key, Kept kept, Duration keepAlive) {
        if (ExitSequence.isRunning()) {
            end(kept);
            return;
        }
        Idle[] self = new Idle[1];
        ScheduledFuture<?> expiry = timer().schedule(() -> expire(self[0]), keepAlive.toNanos(), TimeUnit.NANOSECONDS);
        Idle idle = new Idle(key, kept, expiry);
        self[0] = idle;
        synchronized (IDLE) {
            IDLE.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(idle);
        }
        // a worker that dies while idle is dropped at once, not only when a pool would take it
        kept.process().onExit().thenRun(() -> expire(idle));
    }

    /**
     * Ends every idle worker now.
     *
     * @return how many there were
     */
    public static int closeIdle() {
        List<Idle> all = new ArrayList<>();
        synchronized (IDLE) {
            IDLE.values().forEach(all::addAll);
            IDLE.clear();
        }
        List<CompletableFuture<Integer>> exits = new ArrayList<>();
        for (Idle idle : all) {
            idle.expiry().cancel(false);
            // taken before end(): once the worker exited, end()'s clean-up may close the child at any time
            exits.add(idle.kept().process().onExit());
            end(idle.kept());
        }
        for (int i = 0; i < all.size(); i++) {
            Idle idle = all.get(i);
            try {
                exits.get(i).get(END_WAIT_SECONDS, TimeUnit.SECONDS);
                release(idle.kept());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                LOG.log(System.Logger.Level.WARNING, "idle worker " + idle.kept().process().name()
                        + " did not exit within " + END_WAIT_SECONDS + " s of SIGKILL");
            }
        }
        return all.size();
    }

    /** The keep-alive is over, or the worker died: it goes, if no pool took it meanwhile. */
    private static void expire(Idle idle) {
        if (idle == null) {
            return;
        }
        boolean removed;
        synchronized (IDLE) {
            ArrayDeque<Idle> kept = IDLE.get(idle.key());
            removed = kept != null && kept.remove(idle);
            if (kept != null && kept.isEmpty()) {
                IDLE.remove(idle.key());
            }
        }
        if (removed) {
            idle.expiry().cancel(false);
            end(idle.kept());
        }
    }

    /** Kills a worker no pool will use, and releases what this JVM holds for it once it exited. */
    private static void end(Kept kept) {
        ChildProcess process = kept.process();
        if (process.isAlive()) {
            process.kill();
        }
        process.onExit().whenComplete((code, error) -> release(kept));
    }

    /** Closes the pipe and the child of a worker that exited; harmless if done before. */
    private static void release(Kept kept) {
        kept.pipe().left().close();
        try {
            kept.process().close();
        } catch (IllegalStateException e) {
            LOG.log(System.Logger.Level.DEBUG, "idle worker " + kept.process().name() + " not released: " + e.getMessage());
        }
    }

    private static ScheduledExecutorService timer() {
        ScheduledExecutorService t = timer;
        if (t == null) {
            synchronized (WarmWorkers.class) {
                t = timer;
                if (t == null) {
                    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                        Thread thread = new Thread(runnable, "mp4j-warm-workers");
                        thread.setDaemon(true);
                        return thread;
                    });
                    // a worker taken by a pool cancels its expiry: that must not stay queued for the keep-alive
                    executor.setRemoveOnCancelPolicy(true);
                    t = executor;
                    timer = t;
                }
            }
        }
        return t;
    }
}
