package io.github.mp4j.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.pool.PoolEvent;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.WorkerInfo;
import java.io.Serializable;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

/** The {@code mpTaskExecutor} bean: {@code @Async} methods run in the pool's worker JVMs. */
class AsyncTaskExecutorTests {

    private static final long WAIT_SECONDS = 60;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MpAutoConfiguration.class))
            .withPropertyValues("mp.start-method=jvm", "mp.processes=1", "mp.task-executor.enabled=true")
            .withUserConfiguration(AsyncServices.class);

    @Test
    void asyncMethodsRunInAWorkerJvmAndTheirFailuresReachTheCaller() {
        runner.run(context -> {
            assertThat(context).hasBean(MpAutoConfiguration.TASK_EXECUTOR_BEAN);
            assertThat(context.getBean(MpAutoConfiguration.TASK_EXECUTOR_BEAN)).isInstanceOf(AsyncTaskExecutor.class);
            ProcessPool pool = context.getBean(ProcessPool.class);
            Set<String> labels = ConcurrentHashMap.newKeySet();
            pool.addListener(event -> {
                if (event instanceof PoolEvent.ChunkCompleted chunk) {
                    labels.add(chunk.label());
                }
            });
            Worked service = context.getBean(Worked.class);

            long pid = service.pid(21).get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(pid).as("pid of the process that ran the @Async method").isNotEqualTo(ProcessHandle.current().pid());
            assertThat(pool.workers()).extracting(WorkerInfo::pid).contains(pid);
            assertThatThrownBy(() -> service.fail("no stock").get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IllegalStateException.class)
                    .hasMessage("no stock");
            assertThat(labels).contains("async");
        });
    }

    @Test
    void aBeanThatCannotTravelToAWorkerJvmIsRefusedSayingWhy() {
        runner.run(context -> assertThatThrownBy(() -> context.getBean(Stuck.class).pid())
                .isInstanceOf(RejectedExecutionException.class).hasMessageContaining(Stuck.class.getName())
                .hasMessageContaining("Serializable"));
    }

    @Test
    void noExecutorUnlessAskedFor() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MpAutoConfiguration.class))
                .withPropertyValues("mp.start-method=threads", "mp.processes=1")
                .run(context -> assertThat(context).doesNotHaveBean(MpAutoConfiguration.TASK_EXECUTOR_BEAN));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAsync
    static class AsyncServices {
        @Bean
        Worked worked() {
            return new Worked();
        }

        @Bean
        Stuck stuck() {
            return new Stuck();
        }
    }

    /** A stateless service: serializable, so that its {@code @Async} methods can run in a worker JVM. */
    public static class Worked implements Serializable {
        private static final long serialVersionUID = 1L;

        /**
         * @param ignored an argument that travels with the call
         * @return the pid of the process running it
         */
        @Async(MpAutoConfiguration.TASK_EXECUTOR_BEAN)
        public CompletableFuture<Long> pid(int ignored) {
            return CompletableFuture.completedFuture(ProcessHandle.current().pid());
        }

        /**
         * @param why the message
         * @return never
         */
        @Async(MpAutoConfiguration.TASK_EXECUTOR_BEAN)
        public CompletableFuture<String> fail(String why) {
            throw new IllegalStateException(why);
        }
    }

    /** Not serializable: its {@code @Async} method cannot run in a worker JVM. */
    public static class Stuck {
        /** @return the pid of the process running it */
        @Async(MpAutoConfiguration.TASK_EXECUTOR_BEAN)
        public CompletableFuture<Long> pid() {
            return CompletableFuture.completedFuture(ProcessHandle.current().pid());
        }
    }
}
