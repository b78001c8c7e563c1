package io.github.mp4j.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.pool.AsyncResult;
import io.github.mp4j.pool.PoolClosedException;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.WorkerInfo;
import io.github.mp4j.process.JvmOptions;
import io.github.mp4j.runtime.StartMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;

class MpAutoConfigurationTests {

    /** Threads unless a test is about worker JVMs: the auto-configuration is the same for both. */
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MpAutoConfiguration.class))
            .withPropertyValues("mp.start-method=threads", "mp.processes=2");

    @Test
    void createsAPoolThatRunsTasks() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ProcessPool.class).hasSingleBean(ProcessPoolLifecycle.class);
            ProcessPool pool = context.getBean(ProcessPool.class);
            assertThat(pool.config().name()).isEqualTo("mp");
            assertThat(pool.config().processes()).isEqualTo(2);
            assertThat(pool.map(x -> x * 2, List.of(1, 2, 3))).containsExactly(2, 4, 6);
        });
    }

    @Test
    void runsTasksInWorkerJvms() {
        runner.withPropertyValues("mp.start-method=jvm", "mp.processes=1").run(context -> {
            ProcessPool pool = context.getBean(ProcessPool.class);
            long workerPid = pool.apply(() -> ProcessHandle.current().pid());
            assertThat(workerPid).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(pool.workers()).extracting(WorkerInfo::pid).containsExactly(workerPid);
        });
    }

    @Test
    void closingTheContextStopsEveryWorkerJvm() {
        List<Long> pids = new ArrayList<>();
        runner.withPropertyValues("mp.start-method=jvm", "mp.processes=2").run(context -> {
            ProcessPool pool = context.getBean(ProcessPool.class);
            assertThat(pool.map(x -> x + 1, List.of(1, 2, 3, 4))).containsExactly(2, 3, 4, 5);
            pool.workers().forEach(worker -> pids.add(worker.pid()));
        });
        assertThat(pids).hasSize(2).doesNotContain(ProcessHandle.current().pid());
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
    }

    @Test
    void mapsEveryPropertyIntoThePoolConfig() {
        runner.withPropertyValues("mp.name=batch", "mp.processes=3", "mp.chunk-size=7", "mp.max-tasks-per-child=50",
                "mp.task-timeout=2m", "mp.retries=2", "mp.read-ahead=123", "mp.shutdown-grace-period=5s",
                "mp.max-pending-tasks=500", "mp.pending-wait=3s",
                "mp.jvm.java-executable=/opt/jdk/bin/java", "mp.jvm.max-heap=256m", "mp.jvm.args[0]=-XX:+UseParallelGC",
                "mp.jvm.args[1]=-Dmp4j.test=yes", "mp.jvm.class-data-sharing=false").run(context -> {
                    PoolConfig config = context.getBean(ProcessPool.class).config();
                    assertThat(config.name()).isEqualTo("batch");
                    assertThat(config.processes()).isEqualTo(3);
                    assertThat(config.startMethod()).isEqualTo(StartMethod.THREADS);
                    assertThat(config.chunkSize()).isEqualTo(7);
                    assertThat(config.maxTasksPerChild()).isEqualTo(50);
                    assertThat(config.taskTimeout()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(config.retries()).isEqualTo(2);
                    assertThat(config.readAhead()).isEqualTo(123);
                    assertThat(config.maxPendingTasks()).isEqualTo(500);
                    assertThat(config.pendingWait()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(context.getBean(ProcessPoolLifecycle.class).gracePeriod()).isEqualTo(Duration.ofSeconds(5));
                    JvmOptions jvm = config.jvmOptions();
                    assertThat(jvm.javaExecutable()).isEqualTo(Path.of("/opt/jdk/bin/java"));
                    assertThat(jvm.maxHeap()).isEqualTo("256m");
                    assertThat(jvm.jvmArgs()).containsExactly("-XX:+UseParallelGC", "-Dmp4j.test=yes");
                    assertThat(jvm.classDataSharing()).isFalse();
                    assertThat(jvm.mainClass()).isEqualTo(JvmOptions.WORKER_MAIN_CLASS);
                });
    }

    @Test
    void defaultsAreThoseOfPoolConfigButTheName() {
        PoolConfig fromDefaults = PoolConfigMapper.toBuilder(new MpProperties(), "").build();
        assertThat(fromDefaults.name()).isEqualTo("mp");
        assertThat(fromDefaults.toBuilder().name(PoolConfig.DEFAULT_NAME).build()).hasToString(PoolConfig.ofDefaults().toString());
        assertThat(new MpProperties().getShutdownGracePeriod()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void customizersAdjustTheConfigAfterTheProperties() {
        runner.withUserConfiguration(Customizers.class).run(context -> {
            PoolConfig config = context.getBean(ProcessPool.class).config();
            assertThat(config.processes()).isEqualTo(1);
            assertThat(config.retries()).isEqualTo(3);
            assertThat(config.initializer()).isNotNull();
        });
    }

    @Test
    void anApplicationsOwnPoolWins() {
        runner.withUserConfiguration(OwnPool.class).run(context -> {
            assertThat(context).hasSingleBean(ProcessPool.class).doesNotHaveBean(ProcessPoolLifecycle.class);
            assertThat(context.getBean(ProcessPool.class).config().name()).isEqualTo("own");
        });
    }

    @Test
    void mpEnabledFalseCreatesNoPool() {
        runner.withPropertyValues("mp.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(ProcessPool.class).doesNotHaveBean(ProcessPoolLifecycle.class));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            mp.processes=0 | mp.processes must be >= 1, was 0
            mp.retries=11 | mp.retries must be between 0 and 10, was 11
            mp.chunk-size=-1 | mp.chunk-size must be >= 0 (0 = automatic), was -1
            mp.max-tasks-per-child=-5 | mp.max-tasks-per-child must be >= 0 (0 = never recycle), was -5
            mp.task-timeout=-1s | mp.task-timeout must be zero (no limit) or positive, was PT-1S
            mp.read-ahead=0 | mp.read-ahead must be >= 1, was 0
            mp.max-pending-tasks=-1 | mp.max-pending-tasks must be >= 0 (0 = no limit), was -1
            mp.pending-wait=-1s | mp.pending-wait must be zero (fail at once) or positive, was PT-1S
            mp.name= | mp.name must not be blank
            mp.jvm.max-heap=lots | mp.jvm.max-heap must look like 512m or 2g, was 'lots'
            mp.jvm.args=-Dmp.authkey=x | mp.jvm.args: auth keys must never be put on a command line
            mp.shutdown-grace-period=-1s | mp.shutdown-grace-period must be zero (terminate at once) or positive, was PT-1S
            """)
    void invalidValuesFailTheStartupNamingTheProperty(String setting, String message) {
        String property = setting.substring(0, setting.indexOf('='));
        runner.withPropertyValues(setting).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining(message)
                    .extracting(e -> ((InvalidConfigurationPropertyValueException) e).getName()).isEqualTo(property);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /no/such/jdk/bin/java | there is no such file
            /usr | it is a directory
            /bin/true | running it with -version exited with 0 and did not print a Java version
            """)
    void aJavaExecutableThatCannotRunFailsTheStartupNamingTheProperty(String java, String problem) {
        runner.withPropertyValues("mp.start-method=jvm", "mp.processes=1", "mp.jvm.java-executable=" + java).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("mp.jvm.java-executable must be the path of an executable 'java' launcher")
                    .hasMessageContaining("was '" + java + "', but " + problem)
                    .extracting(e -> ((InvalidConfigurationPropertyValueException) e).getName())
                    .isEqualTo("mp.jvm.java-executable");
        });
    }

    @Test
    void aJavaLauncherSetExplicitlyIsCheckedAndUsed() {
        String java = ProcessHandle.current().info().command().orElseThrow();
        runner.withPropertyValues("mp.start-method=jvm", "mp.processes=1", "mp.jvm.java-executable=" + java).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ProcessPool.class).apply(() -> 6 * 7)).isEqualTo(42);
        });
    }

    @Test
    void asyncWorkStillRunningWhenTheContextClosesFindsThePoolOpen() {
        AtomicReference<CompletableFuture<String>> result = new AtomicReference<>();
        runner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
                .withUserConfiguration(AsyncPoolUser.class).run(context -> {
                    AsyncWork work = context.getBean(AsyncWork.class);
                    result.set(work.applyOnceExecutorsStop());
                    work.awaitRunning();
                });
        assertThat(result.get()).isCompletedWithValue("applied while the executors stopped");
    }

    @Test
    void closingTheContextLetsSubmittedWorkFinish() {
        AtomicReference<AsyncResult<String>> result = new AtomicReference<>();
        runner.withUserConfiguration(ReleaseOnClose.class).run(context -> {
            CountDownLatch closing = context.getBean(ReleaseOnClose.class).closing;
            result.set(context.getBean(ProcessPool.class).applyAsync(() -> {
                closing.await();
                return "finished";
            }));
        });
        assertThat(result.get().ready()).isTrue();
        assertThat(result.get().get()).isEqualTo("finished");
    }

    @Test
    void closingTheContextTerminatesWorkStillRunningAfterTheGracePeriod() {
        CountDownLatch never = new CountDownLatch(1);
        AtomicReference<AsyncResult<String>> result = new AtomicReference<>();
        try {
            runner.withPropertyValues("mp.shutdown-grace-period=50ms").run(context ->
                    result.set(context.getBean(ProcessPool.class).applyAsync(() -> {
                        never.await();
                        return "unreachable";
                    })));
            assertThat(result.get().ready()).isTrue();
            assertThatThrownBy(() -> result.get().get()).isInstanceOf(PoolClosedException.class);
        } finally {
            never.countDown();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {

        @Bean
        @Order(1)
        PoolConfigCustomizer oneWorkerThreeRetries() {
            return builder -> builder.processes(1).retries(1);
        }

        @Bean
        @Order(2)
        PoolConfigCustomizer threeRetriesAndAnInitializer() {
            return builder -> builder.retries(3).initializer(() -> { });
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnPool {

        @Bean
        ProcessPool ownPool() {
            return ProcessPool.create(PoolConfig.custom().name("own").processes(1).startMethod(StartMethod.THREADS).build());
        }
    }

    /**
     * An {@code @Async} task that submits to the pool when the context's executors are being
     * stopped: a lifecycle bean of the phase just before theirs lets it go.
     */
    @Configuration(proxyBeanMethods = false)
    @EnableAsync
    static class AsyncPoolUser {

        @Bean
        AsyncWork asyncWork(ProcessPool pool) {
            return new AsyncWork(pool);
        }

        @Bean
        SmartLifecycle releaseAsyncWorkJustBeforeExecutorsStop(AsyncWork work) {
            return new SmartLifecycle() {
                private volatile boolean running;

                @Override
                public void start() {
                    running = true;
                }

                @Override
                public void stop() {
                    running = false;
                    work.executorsStopping();
                }

                @Override
                public boolean isRunning() {
                    return running;
                }

                @Override
                public int getPhase() {
                    return ExecutorConfigurationSupport.DEFAULT_PHASE + 1;
                }
            };
        }
    }

    static class AsyncWork {

        private final CountDownLatch running = new CountDownLatch(1);
        private final CountDownLatch executorsStopping = new CountDownLatch(1);
        private final ProcessPool pool;

        AsyncWork(ProcessPool pool) {
            this.pool = pool;
        }

        // methods, not fields, for the test: the bean is a proxy that runs @Async methods on the executor
        public void awaitRunning() throws InterruptedException {
            running.await();
        }

        public void executorsStopping() {
            executorsStopping.countDown();
        }

        @Async
        public CompletableFuture<String> applyOnceExecutorsStop() throws InterruptedException {
            running.countDown();
            executorsStopping.await();
            return CompletableFuture.completedFuture(pool.apply(() -> "applied while the executors stopped"));
        }
    }

    static class ReleaseOnClose implements ApplicationListener<ContextClosedEvent> {

        final CountDownLatch closing = new CountDownLatch(1);

        @Override
        public void onApplicationEvent(ContextClosedEvent event) {
            closing.countDown();
        }
    }
}
