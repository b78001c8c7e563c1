package io.github.mp4j.pool.internal;

import io.github.mp4j.runtime.CallContext;
import io.github.mp4j.runtime.ExitSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * In a worker JVM, the {@code java.util.logging} root handler that sends every record to the pool
 * ({@link LogFrame}), where it is logged again with the worker's name, pid and call label
 * ({@link LogRelay}). It replaces the root logger's console handler, so a record is not printed
 * to the worker's standard error as well. {@code System.Logger} goes to {@code java.util.logging}
 * when no other {@code LoggerFinder} is installed, so its records come here too.
 *
 * <p>Logging never blocks a task: {@link #publish} encodes the record on the logging thread and
 * puts it in a queue of {@link #CAPACITY} records, which a thread of its own sends. When the queue
 * is full the record is dropped and counted, and the next record sent says how many were lost.
 * What is queued is sent before the worker exits: when the worker's loop ends, in the exit
 * sequence's FLUSH step, and when {@code java.util.logging} closes its handlers at exit.
 * A record that cannot be sent any more (the pool is gone) goes to the console handler it replaced.
 */
final class WorkerLogHandler extends Handler {

    /** Records waiting to be sent; beyond it, records are dropped rather than block the task that logs. */
    static final int CAPACITY = 4096;
    private static final int BATCH = 256;

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Consumer<List<byte[]>> sender;
    private final List<Handler> replaced;
    private final Formatter formatter = new SimpleFormatter();
    /** Serializes sending: the sender thread, a flush and the exit hooks may all send. */
    private final Object sendLock = new Object();
    private volatile boolean broken;

    private WorkerLogHandler(Consumer<List<byte[]>> sender, List<Handler> replaced) {
        this.sender = sender;
        this.replaced = replaced;
    }

    /**
     * Makes the records of this JVM go to the pool.
     *
     * @param sender writes frames to the pool, in order; throws once the pool is gone
     * @return the handler, installed on the root logger
     */
    static WorkerLogHandler install(Consumer<List<byte[]>> sender) {
        Logger root = Logger.getLogger("");
        List<Handler> replaced = new ArrayList<>();
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
            replaced.add(handler);
        }
        WorkerLogHandler handler = new WorkerLogHandler(sender, replaced);
        root.addHandler(handler);
        ExitSequence.add(ExitSequence.Step.FLUSH, handler::flush);
        Thread thread = new Thread(handler::sendForever, "mp4j-log-relay");
        thread.setDaemon(true);
        thread.start();
        return handler;
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null || !isLoggable(record)) {
            return;
        }
        if (broken) {
            fallBack(record);
            return;
        }
        String message = formatter.formatMessage(record);
        LogFrame frame = new LogFrame(record.getLevel().intValue(), record.getMillis(), String.valueOf(record.getLoggerName()),
                Thread.currentThread().getName(), CallContext.label(), message == null ? "" : message, record.getThrown());
        if (!queue.offer(frame.encode())) {
            dropped.incrementAndGet();
        }
    }

    /** Sends what is queued now, on the calling thread. */
    @Override
    public void flush() {
        sendQueued();
    }

    @Override
    public void close() {
        flush();
    }

    private void sendForever() {
        try {
            while (!broken) {
                byte[] first = queue.take();
                send(first);
            }
        } catch (InterruptedException e) {
            // only the JVM's end stops this daemon thread; what is left is sent by flush()
        }
    }

    private void send(byte[] first) {
        synchronized (sendLock) {
            List<byte[]> frames = new ArrayList<>();
            frames.add(first);
            drainTo(frames);
        }
    }

    private void sendQueued() {
        synchronized (sendLock) {
            List<byte[]> frames = new ArrayList<>();
            drainTo(frames);
        }
    }

    /** Sends {@code frames} and everything queued after them, in batches. Holds the send lock. */
    private void drainTo(List<byte[]> frames) {
        do {
            queue.drainTo(frames, BATCH - frames.size());
            long lost = dropped.getAndSet(0);
            if (lost > 0) {
                frames.add(droppedNotice(lost));
            }
            if (frames.isEmpty()) {
                return;
            }
            try {
                sender.accept(frames);
            } catch (RuntimeException e) {
                broken = true;
                return;
            }
            frames.clear();
        } while (!queue.isEmpty());
    }

    private static byte[] droppedNotice(long lost) {
        return new LogFrame(Level.WARNING.intValue(), System.currentTimeMillis(), WorkerLogHandler.class.getName(),
                Thread.currentThread().getName(), null, lost + " log records of this worker were dropped: it logged faster"
                + " than they could be sent to the pool (at most " + CAPACITY + " wait)", null).encode();
    }

    private void fallBack(LogRecord record) {
        for (Handler handler : replaced) {
            handler.publish(record);
        }
    }
}
