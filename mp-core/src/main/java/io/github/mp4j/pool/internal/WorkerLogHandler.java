package io.github.mp4j.pool.internal;

import io.github.mp4j.runtime.CallContext;
import io.github.mp4j.runtime.ExitSequence;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * In a worker JVM, the {@code java.util.logging} root handler that sends every record to the pool
 * ({@link LogFrame}), where it is logged again with the worker's name, pid and call label
 * ({@link LogRelay}). It takes the place of the root logger's console handler, so a record is not
 * printed to the worker's standard error as well. {@code System.Logger} goes to
 * {@code java.util.logging} when no other {@code LoggerFinder} is installed, so its records come
 * here too.
 *
 * <p>It is installed when {@code java.util.logging} starts, not before: starting it costs a worker
 * tens of milliseconds before its first task, and many workers never log. {@link #install} names
 * {@link Configuration} as the JVM's logging configuration class, which reads the logging
 * configuration as the JDK would (the file of {@code java.util.logging.config.file}, or the JDK's
 * own) and names this class as the root logger's handler instead of the ones the file names;
 * {@code java.util.logging} then makes it when the first record reaches the root logger. When the
 * application set its own configuration class, or this class is not visible to the system class
 * loader (which is where {@code java.util.logging} looks for handlers), it is installed at once,
 * replacing the root logger's handlers.
 *
 * <p>Logging never blocks a task: {@link #publish} encodes the record on the logging thread and
 * puts it in a queue of {@link #CAPACITY} records, which a thread of its own sends. When the queue
 * is full the record is dropped and counted, and the next record sent says how many were lost.
 * What is queued is sent before the worker exits: when the worker's loop ends, in the exit
 * sequence's FLUSH step, and when {@code java.util.logging} closes its handlers at exit.
 * A record that cannot be sent any more (the pool is gone) goes to the handlers it replaced.
 */
public final class WorkerLogHandler extends Handler {

    /** Records waiting to be sent; beyond it, records are dropped rather than block the task that logs. */
    static final int CAPACITY = 4096;
    private static final int BATCH = 256;
    private static final String CONFIG_CLASS = "java.util.logging.config.class";
    private static final String CONFIG_FILE = "java.util.logging.config.file";
    private static final String HANDLERS = "handlers";

    /** Where the handler {@code java.util.logging} makes sends its records (see {@link #install}). */
    private static volatile Consumer<List<byte[]>> pendingSender;
    /** The root handlers the configuration named, made if the pool goes away: a record then goes where it would have. */
    private static volatile String configuredHandlers = "";

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Consumer<List<byte[]>> sender;
    private List<Handler> replaced;
    private final Formatter formatter = new SimpleFormatter();
    /** Serializes sending: the sender thread, a flush and the exit hooks may all send. */
    private final Object sendLock = new Object();
    private volatile boolean broken;
    private volatile Thread sendingThread;

    /**
     * The root handler {@code java.util.logging} makes when it starts in a worker whose logging
     * {@link Configuration} named it; not for other uses.
     *
     * @throws IllegalStateException outside a worker JVM whose loop installed the relay
     */
    public WorkerLogHandler() {
        this(pendingSender(), null);
        start();
    }

    private WorkerLogHandler(Consumer<List<byte[]>> sender, List<Handler> replaced) {
        this.sender = sender;
        this.replaced = replaced;
    }

    /**
     * Makes the records of this JVM go to the pool, from when {@code java.util.logging} starts (see
     * above).
     *
     * @param sender writes frames to the pool, in order; throws once the pool is gone
     */
    static void install(Consumer<List<byte[]>> sender) {
        pendingSender = sender;
        if (System.getProperty(CONFIG_CLASS) == null && visibleToSystemLoader()) {
            System.setProperty(CONFIG_CLASS, Configuration.class.getName());
            return;
        }
        Logger root = Logger.getLogger("");
        List<Handler> replaced = new ArrayList<>();
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
            replaced.add(handler);
        }
        WorkerLogHandler handler = new WorkerLogHandler(sender, replaced);
        root.addHandler(handler);
        handler.start();
    }

    private static boolean visibleToSystemLoader() {
        try {
            return ClassLoader.getSystemClassLoader().loadClass(WorkerLogHandler.class.getName()) == WorkerLogHandler.class;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Consumer<List<byte[]>> pendingSender() {
        Consumer<List<byte[]>> sender = pendingSender;
        if (sender == null) {
            throw new IllegalStateException("WorkerLogHandler relays the logging of a pool's worker JVM only");
        }
        return sender;
    }

    private void start() {
        ExitSequence.add(ExitSequence.Step.FLUSH, this::flush);
        Thread thread = new Thread(this::sendForever, "mp4j-log-relay");
        thread.setDaemon(true);
        sendingThread = thread;
        thread.start();
    }

    /**
     * The logging configuration class of a worker JVM ({@code java.util.logging.config.class}, set
     * by {@link #install}): the configuration the JDK would read, with {@link WorkerLogHandler} as
     * the root logger's one handler.
     */
    public static final class Configuration {

        /**
         * Called by {@code java.util.logging} when it starts (and when asked to read its
         * configuration again).
         *
         * @throws IOException if the configuration file cannot be read
         */
        public Configuration() throws IOException {
            Properties properties = new Properties();
            String file = System.getProperty(CONFIG_FILE);
            Path path = file != null ? Path.of(file) : Path.of(System.getProperty("java.home"), "conf", "logging.properties");
            if (file != null || Files.isReadable(path)) {
                try (InputStream in = Files.newInputStream(path)) {
                    properties.load(in);
                }
            }
            configuredHandlers = properties.getProperty(HANDLERS, "");
            properties.setProperty(HANDLERS, WorkerLogHandler.class.getName());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            properties.store(bytes, null);
            LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(bytes.toByteArray()));
        }
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

    /** Sends what is queued; its thread ends (java.util.logging closes a handler it replaces when it reads its configuration again). */
    @Override
    public void close() {
        flush();
        Thread thread = sendingThread;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void sendForever() {
        try {
            while (!broken) {
                byte[] first = queue.take();
                send(first);
            }
        } catch (InterruptedException e) {
            // close() ends it (or the JVM its end); what is left is sent by flush()
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
        for (Handler handler : replacedHandlers()) {
            handler.publish(record);
        }
    }

    /** The handlers this one stands for: those it replaced, or those the configuration named, made now. */
    private synchronized List<Handler> replacedHandlers() {
        if (replaced == null) {
            replaced = new ArrayList<>();
            for (String name : configuredHandlers.split("[\\s,]+")) {
                if (!name.isEmpty()) {
                    try {
                        replaced.add((Handler) ClassLoader.getSystemClassLoader().loadClass(name).getConstructor().newInstance());
                    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                        // as java.util.logging itself does with a handler it cannot make: none
                    }
                }
            }
        }
        return replaced;
    }
}
