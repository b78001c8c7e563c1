package io.github.mp4j.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.process.JvmOptions;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.queue.Queues;
import io.github.mp4j.runtime.CallContext;
import io.github.mp4j.runtime.CurrentProcess;
import io.github.mp4j.runtime.StartMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Records a task logs in a worker JVM, through {@code java.util.logging} or {@code System.Logger},
 * or SLF4J, arrive in the pool's process under the same logger name and level, with the worker's
 * name, pid and the call's label (in the message, and in SLF4J's MDC), and none is lost when the
 * worker exits.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WorkerLoggingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** A logger only these tests' tasks use, so that the parent hears nothing else on it. */
    private static final String LOGGER = "mp4j.test.worker.logging";
    private static final Logger PARENT_LOGGER = Logger.getLogger(LOGGER);

    private final BlockingQueue<LogRecord> heard = new LinkedBlockingQueue<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            heard.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private ProcessPool pool;

    @BeforeEach
    void listen() {
        PARENT_LOGGER.addHandler(capture);
        PARENT_LOGGER.setUseParentHandlers(false);
        pool = ProcessPool.create(PoolConfig.custom().name("logging").processes(1).startMethod(StartMethod.JVM).build());
    }

    @AfterEach
    void stop() {
        pool.terminate();
        PARENT_LOGGER.removeHandler(capture);
        PARENT_LOGGER.setUseParentHandlers(true);
    }

    @AfterAll
    static void noWorkerLeft() {
        ChildReaper.assertNoChildLeft();
    }

    /** Logs through java.util.logging in a labelled call; returns "name pid" of the worker. */
    private static String logThroughJul(String label, String message) {
        CallContext.set(label);
        try {
            Logger.getLogger(LOGGER).log(Level.WARNING, "{0} from the worker", message);
            return CurrentProcess.info().name() + " pid " + ProcessHandle.current().pid();
        } finally {
            CallContext.clear();
        }
    }

    private LogRecord next() throws InterruptedException {
        LogRecord record = heard.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(record).as("a record relayed within %s", WAIT).isNotNull();
        return record;
    }

    @Test
    void aJulRecordArrivesWithTheWorkersNamePidAndCallLabel() throws InterruptedException {
        String worker = pool.apply(() -> logThroughJul("nightly-report", "hello"));

        LogRecord record = next();
        assertThat(record.getLoggerName()).isEqualTo(LOGGER);
        assertThat(record.getLevel()).isEqualTo(Level.WARNING);
        assertThat(record.getMessage()).isEqualTo("[" + worker + " call nightly-report] hello from the worker");
        assertThat(worker).startsWith(pool.workers().get(0).name() + " pid " + pool.workers().get(0).pid());
    }

    @Test
    void theLabelOfTheCallsOptionsIsTheContextOfWhatItsTasksLog() throws InterruptedException {
        String worker = pool.applyAsync(() -> {
            Logger.getLogger(LOGGER).warning("from a labelled call");
            return CurrentProcess.info().name() + " pid " + ProcessHandle.current().pid() + " saw " + CallContext.label();
        }, CallOptions.labelled("nightly-report")).get(WAIT);
        String after = pool.apply(() -> String.valueOf(CallContext.label()));

        LogRecord record = next();
        assertThat(worker).endsWith(" saw nightly-report");
        assertThat(record.getMessage())
                .isEqualTo("[" + worker.substring(0, worker.indexOf(" saw ")) + " call nightly-report] from a labelled call");
        assertThat(after).as("an unlabelled call after it").isEqualTo("null");
    }

    @Test
    void aSystemLoggerRecordArrivesWithItsExceptionAndNoLabelOutsideALabelledCall() throws InterruptedException {
        String worker = pool.apply(() -> {
            System.getLogger(LOGGER).log(System.Logger.Level.ERROR, "it broke", new IllegalStateException("boom"));
            return CurrentProcess.info().name() + " pid " + ProcessHandle.current().pid();
        });

        LogRecord record = next();
        assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
        assertThat(record.getMessage()).isEqualTo("[" + worker + "] it broke");
        assertThat(record.getThrown()).isInstanceOf(IllegalStateException.class).hasMessageContaining("boom");
    }

    @Test
    void recordsLoggedJustBeforeTheWorkerExitsAreNotLost() throws InterruptedException {
        int count = 2_000;
        pool.apply(() -> {
            Logger logger = Logger.getLogger(LOGGER);
            for (int i = 0; i < count; i++) {
                logger.info("record " + i);
            }
            return null;
        });
        pool.close();

        List<String> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(next().getMessage());
        }
        assertThat(messages.get(0)).endsWith("] record 0");
        assertThat(messages.get(count - 1)).endsWith("] record " + (count - 1));
    }

    @Test
    void aRecordBelowTheParentsLevelIsNotLoggedThere() throws InterruptedException {
        PARENT_LOGGER.setLevel(Level.WARNING);
        try {
            pool.apply(() -> {
                Logger.getLogger(LOGGER).info("quiet");
                Logger.getLogger(LOGGER).warning("loud");
                return null;
            });
            assertThat(next().getMessage()).endsWith("] loud");
        } finally {
            PARENT_LOGGER.setLevel(null);
        }
    }

    @Test
    void anSlf4jRecordArrivesLikeTheOthers() throws InterruptedException {
        String worker = pool.apply(() -> {
            CallContext.set("etl");
            try {
                LoggerFactory.getLogger(LOGGER).info("loaded {} rows", 42);
                return CurrentProcess.info().name() + " pid " + ProcessHandle.current().pid();
            } finally {
                CallContext.clear();
            }
        });

        LogRecord record = next();
        assertThat(record.getLevel()).isEqualTo(Level.INFO);
        assertThat(record.getMessage()).isEqualTo("[" + worker + " call etl] loaded 42 rows");
    }

    /**
     * The MDC is the pool's process's, so that process runs here in a JVM of its own, whose SLF4J
     * has a working MDC (mp4j's worker provider, which keeps one); its workers are JVMs below it.
     */
    @Test
    void theContextIsInSlf4jsMdcWhileTheRecordIsLogged() {
        ProcessQueue<String> seen = Queues.queue();
        ChildProcess parent = ChildProcess.builder(WorkerLoggingTest::logWithMdcCapture, seen).name("log-parent")
                .jvmOptions(JvmOptions.builder().jvmArg("-Dslf4j.provider=io.github.mp4j.pool.internal.Slf4jRelayProvider")
                        .build()).build();
        parent.start();
        try {
            String context = seen.get(WAIT);
            assertThat(context).matches("mp.worker=mdc-worker-\\d+ mp.pid=\\d+ mp.call=mdc-call");
            parent.join(WAIT);
            assertThat(parent.exitCode()).isZero();
        } finally {
            parent.kill();
        }
    }

    /** In its own JVM: a pool whose worker logs in a labelled call; puts the MDC seen while the record is logged. */
    private static void logWithMdcCapture(ProcessQueue<String> seen) {
        Logger logger = Logger.getLogger(LOGGER);
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                seen.put("mp.worker=" + MDC.get("mp.worker") + " mp.pid=" + MDC.get("mp.pid") + " mp.call=" + MDC.get("mp.call"));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        try (ProcessPool mdcPool = ProcessPool.create(PoolConfig.custom().name("mdc").processes(1).build())) {
            mdcPool.apply(() -> logThroughJul("mdc-call", "with context"));
        }
    }
}
