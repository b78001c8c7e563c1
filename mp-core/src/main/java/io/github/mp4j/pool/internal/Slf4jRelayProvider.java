package io.github.mp4j.pool.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J 2 provider of a pool worker JVM: SLF4J's records go to {@code java.util.logging}
 * under the same logger name, and so to the worker's log relay ({@link WorkerLogHandler}) with
 * everything else the worker logs. The pool selects it with {@code slf4j.provider} on the worker's
 * command line ({@link JvmWorker}) when SLF4J 2 is on the class path (and the user chose no provider there), so an
 * application's SLF4J backend (Logback, say) is not set up in workers: their records are logged by
 * the application's own logging, in its process.
 */
public final class Slf4jRelayProvider implements SLF4JServiceProvider {

    private final Map<String, org.slf4j.Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory loggerFactory = name -> loggers.computeIfAbsent(name, JulLogger::new);
    private final IMarkerFactory markerFactory = new BasicMarkerFactory();
    private final MDCAdapter mdcAdapter = new BasicMDCAdapter();

    /** Made by SLF4J, by name. */
    public Slf4jRelayProvider() {
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up: java.util.logging is there already
    }

    /** An SLF4J logger writing to the {@code java.util.logging} logger of its name. */
    private static final class JulLogger extends LegacyAbstractLogger {

        private static final long serialVersionUID = 1L;
        private final transient Logger jul;

        JulLogger(String name) {
            this.name = name;
            this.jul = Logger.getLogger(name);
        }

        @Override
        public boolean isTraceEnabled() {
            return jul.isLoggable(java.util.logging.Level.FINEST);
        }

        @Override
        public boolean isDebugEnabled() {
            return jul.isLoggable(java.util.logging.Level.FINE);
        }

        @Override
        public boolean isInfoEnabled() {
            return jul.isLoggable(java.util.logging.Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return jul.isLoggable(java.util.logging.Level.WARNING);
        }

        @Override
        public boolean isErrorEnabled() {
            return jul.isLoggable(java.util.logging.Level.SEVERE);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                                   Throwable throwable) {
            LogRecord record = new LogRecord(julLevel(level), MessageFormatter.basicArrayFormat(pattern, arguments));
            record.setLoggerName(name);
            record.setThrown(throwable);
            jul.log(record);
        }

        private static java.util.logging.Level julLevel(Level level) {
            return switch (level) {
                case ERROR -> java.util.logging.Level.SEVERE;
                case WARN -> java.util.logging.Level.WARNING;
                case INFO -> java.util.logging.Level.INFO;
                case DEBUG -> java.util.logging.Level.FINE;
                case TRACE -> java.util.logging.Level.FINEST;
            };
        }
    }
}
