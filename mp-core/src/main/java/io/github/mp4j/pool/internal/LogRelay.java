package io.github.mp4j.pool.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.logging.Level;

/**
 * Logs the records a worker JVM sent ({@link LogFrame}) in this process, through
 * {@code System.Logger} under the worker's own logger name, so that this process's logging
 * configuration decides where they go and at which level. Each message starts with
 * {@code [<worker> pid <pid>]}, or {@code [<worker> pid <pid> call <label>]} when a labelled
 * call's task logged it. When SLF4J is on the class path, the same context is in its MDC while the
 * record is logged ({@link #WORKER_KEY}, {@link #PID_KEY}, {@link #CALL_KEY}): SLF4J's backends see
 * it when {@code System.Logger} reaches them on this thread, through {@code jul-to-slf4j} (as in
 * Spring Boot) or {@code slf4j-jdk-platform-logging}.
 */
final class LogRelay {

    /** MDC key: the worker's name. */
    static final String WORKER_KEY = "mp.worker";
    /** MDC key: the worker's process id. */
    static final String PID_KEY = "mp.pid";
    /** MDC key: the label of the call whose task logged the record, absent for an unlabelled call. */
    static final String CALL_KEY = "mp.call";

    private static final MethodHandle MDC_PUT = mdc("put", MethodType.methodType(void.class, String.class, String.class));
    private static final MethodHandle MDC_REMOVE = mdc("remove", MethodType.methodType(void.class, String.class));

    private LogRelay() {
    }

    /**
     * @param record what the worker logged
     * @param worker the worker's name
     * @param pid the worker's process id
     */
    static void relog(LogFrame record, String worker, long pid) {
        System.Logger logger = System.getLogger(record.logger());
        System.Logger.Level level = levelOf(record.level());
        if (!logger.isLoggable(level)) {
            return;
        }
        String context = "[" + worker + " pid " + pid + (record.call() == null ? "" : " call " + record.call()) + "] ";
        putContext(worker, pid, record.call());
        try {
            logger.log(level, context + record.message(), record.thrown());
        } finally {
            removeContext();
        }
    }

    /** java.util.logging's levels as System.Logger's, as the JDK maps them the other way. */
    static System.Logger.Level levelOf(int julLevel) {
        if (julLevel >= Level.SEVERE.intValue()) {
            return System.Logger.Level.ERROR;
        } else if (julLevel >= Level.WARNING.intValue()) {
            return System.Logger.Level.WARNING;
        } else if (julLevel >= Level.INFO.intValue()) {
            return System.Logger.Level.INFO;
        } else if (julLevel >= Level.FINE.intValue()) {
            return System.Logger.Level.DEBUG;
        }
        return System.Logger.Level.TRACE;
    }

    private static void putContext(String worker, long pid, String call) {
        if (MDC_PUT == null) {
            return;
        }
        try {
            MDC_PUT.invokeExact(WORKER_KEY, worker);
            MDC_PUT.invokeExact(PID_KEY, Long.toString(pid));
            if (call != null) {
                MDC_PUT.invokeExact(CALL_KEY, call);
            }
        } catch (Throwable e) {
            // an SLF4J without a usable MDC: the context is still in the message
        }
    }

    private static void removeContext() {
        if (MDC_REMOVE == null) {
            return;
        }
        try {
            MDC_REMOVE.invokeExact(WORKER_KEY);
            MDC_REMOVE.invokeExact(PID_KEY);
            MDC_REMOVE.invokeExact(CALL_KEY);
        } catch (Throwable e) {
            // as in putContext
        }
    }

    /** SLF4J's {@code MDC} method, if SLF4J is on the class path: mp-core does not depend on it. */
    private static MethodHandle mdc(String name, MethodType type) {
        try {
            Class<?> mdc = Class.forName("org.slf4j.MDC", false, LogRelay.class.getClassLoader());
            return MethodHandles.publicLookup().findStatic(mdc, name, type);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }
}
