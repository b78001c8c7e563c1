package io.github.mp4j.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.boot.MpAutoConfiguration;
import io.github.mp4j.micrometer.MpMeterNames;
import io.github.mp4j.micrometer.ProcessPoolsMetrics;
import io.github.mp4j.pool.PoolConfig;
import io.github.mp4j.micrometer.ProcessQueueMetrics;
import io.github.mp4j.pool.ProcessPool;
import io.github.mp4j.pool.TaskFailedException;
import io.github.mp4j.queue.ProcessQueue;
import io.github.mp4j.queue.Queues;
import io.github.mp4j.runtime.StartMethod;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class MpMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MpAutoConfiguration.class, MetricsAutoConfiguration.class,
                    MpMetricsAutoConfiguration.class))
            .withBean(SimpleMeterRegistry.class)
            .withPropertyValues("mp.start-method=threads", "mp.processes=2", "mp.name=batch");

    @Test
    void bindsEveryMeterOfThePoolTaggedWithItsName() {
        Map<String, Class<? extends Meter>> expected = Map.ofEntries(
                Map.entry("mp.pool.tasks.pending", Gauge.class),
                Map.entry("mp.pool.tasks.in.flight", Gauge.class),
                Map.entry("mp.pool.tasks.completed", FunctionCounter.class),
                Map.entry("mp.pool.tasks.failed", FunctionCounter.class),
                Map.entry("mp.pool.tasks.retried", FunctionCounter.class),
                Map.entry("mp.pool.tasks.timed.out", FunctionCounter.class),
                Map.entry("mp.pool.task.duration", FunctionTimer.class),
                Map.entry("mp.pool.calls.in.flight", Gauge.class),
                Map.entry("mp.pool.workers.alive", Gauge.class),
                Map.entry("mp.pool.workers.busy", Gauge.class),
                Map.entry("mp.pool.workers.started", FunctionCounter.class),
                Map.entry("mp.pool.workers.crashed", FunctionCounter.class),
                Map.entry("mp.pool.workers.recycled", FunctionCounter.class),
                Map.entry("mp.pool.data.sent", FunctionCounter.class),
                Map.entry("mp.pool.data.received", FunctionCounter.class));
        runner.run(context -> {
            assertThat(context).hasSingleBean(ProcessPoolsMetrics.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            expected.forEach((name, type) ->
                    assertThat(registry.get(name).tag(MpMeterNames.POOL_TAG, "batch").meter()).as(name).isInstanceOf(type));
            assertThat(MpMeterNames.POOL_METERS).containsExactlyInAnyOrderElementsOf(expected.keySet());
            assertThat(registry.get("mp.pool.data.sent").meter().getId().getBaseUnit()).isEqualTo("bytes");
            assertThat(registry.get("mp.pool.data.received").meter().getId().getBaseUnit()).isEqualTo("bytes");
        });
    }

    @Test
    void metersFollowThePool() {
        runner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            ProcessPool pool = context.getBean(ProcessPool.class);
            assertThat(registry.get("mp.pool.workers.started").functionCounter().count()).isEqualTo(2);
            assertThat(registry.get("mp.pool.workers.alive").gauge().value()).isEqualTo(2);

            pool.map(x -> x * x, IntStream.range(0, 10).boxed().toList());
            assertThatThrownBy(() -> pool.apply(() -> {
                throw new IllegalStateException("boom");
            })).isInstanceOf(TaskFailedException.class);

            assertThat(registry.get("mp.pool.tasks.completed").functionCounter().count()).isEqualTo(10);
            assertThat(registry.get("mp.pool.tasks.failed").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("mp.pool.task.duration").functionTimer().count()).isEqualTo(11);
            assertThat(registry.get("mp.pool.tasks.pending").gauge().value()).isZero();
            assertThat(registry.get("mp.pool.tasks.in.flight").gauge().value()).isZero();
        });
    }

    @Test
    void bindsTheSizeOfEveryProcessQueueBean() {
        runner.withUserConfiguration(TwoQueues.class).run(context -> {
            queue(context, "jobs").put("a");
            queue(context, "jobs").put("b");
            queue(context, "results").put("c");
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("mp.queue.size").tag(MpMeterNames.QUEUE_TAG, "jobs").gauge().value()).isEqualTo(2);
            assertThat(registry.get("mp.queue.size").tag(MpMeterNames.QUEUE_TAG, "results").gauge().value()).isEqualTo(1);
        });
    }

    @Test
    void withoutProcessQueueBeansThereIsNoQueueBinder() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ProcessQueueMetrics.class));
    }

    @Test
    void withoutAMeterRegistryNothingIsBound() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MpAutoConfiguration.class, MpMetricsAutoConfiguration.class))
                .withPropertyValues("mp.start-method=threads", "mp.processes=1")
                .run(context -> assertThat(context).hasSingleBean(ProcessPool.class).doesNotHaveBean(ProcessPoolsMetrics.class));
    }

    @Test
    void withoutAPoolThereAreNoPoolMeters() {
        runner.withPropertyValues("mp.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(ProcessPoolsMetrics.class);
            assertThat(context.getBean(MeterRegistry.class).find("mp.pool.tasks.completed").meters()).isEmpty();
        });
    }

    @Test
    void everyPoolOfTheContextIsMeteredWithItsOwnPoolTag() {
        runner.withUserConfiguration(TwoPools.class).run(context -> {
            assertThat(context).hasSingleBean(ProcessPoolsMetrics.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            TasksHeard reportsHeard = TasksHeard.listen(context.getBean("reports", ProcessPool.class), 3);
            context.getBean("imports", ProcessPool.class).map(x -> x + 1, IntStream.range(0, 7).boxed().toList());
            context.getBean("reports", ProcessPool.class).map(x -> x + 1, IntStream.range(0, 3).boxed().toList());
            reportsHeard.await();

            assertThat(registry.get("mp.pool.tasks.completed").tag(MpMeterNames.POOL_TAG, "imports").functionCounter().count())
                    .isEqualTo(7);
            assertThat(registry.get("mp.pool.tasks.completed").tag(MpMeterNames.POOL_TAG, "reports").functionCounter().count())
                    .isEqualTo(3);
            assertThat(registry.get("mp.pool.workers.alive").tag(MpMeterNames.POOL_TAG, "imports").gauge().value()).isEqualTo(1);
            assertThat(registry.get("mp.pool.workers.alive").tag(MpMeterNames.POOL_TAG, "reports").gauge().value()).isEqualTo(2);
            assertThat(registry.get("mp.call.tasks.completed").tags(MpMeterNames.POOL_TAG, "reports",
                    MpMeterNames.CALL_TAG, MpMeterNames.UNLABELLED).counter().count()).isEqualTo(3);
        });
    }

    @Test
    void twoPoolsOfOneNameAreTaggedWithTheirBeanNames() {
        runner.withUserConfiguration(TwoPoolsOfOneName.class).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.find("mp.pool.workers.alive").gauges()).extracting(gauge -> gauge.getId()
                    .getTag(MpMeterNames.POOL_TAG)).containsExactlyInAnyOrder(PoolConfig.DEFAULT_NAME, "second");
        });
    }

    @Test
    void theTaskDurationTimerTakesItsPercentilesFromTheProperties() {
        runner.withPropertyValues("mp.metrics.task-duration.percentile-histogram=true",
                "mp.metrics.task-duration.percentiles=0.5,0.95").run(context -> {
                    TasksHeard heard = TasksHeard.listen(context.getBean(ProcessPool.class), 3);
                    context.getBean(ProcessPool.class).map(x -> x + 1, IntStream.range(0, 3).boxed().toList());
                    heard.await();
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    var snapshot = registry.get("mp.call.task.duration").tag(MpMeterNames.POOL_TAG, "batch").timer().takeSnapshot();
                    assertThat(snapshot.percentileValues()).hasSize(2);
                });
    }

    @Test
    void aPercentileOutOfRangeFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("mp.metrics.task-duration.percentiles=95").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("between 0 and 1"));
        runner.withPropertyValues("mp.metrics.max-call-labels=0").run(context ->
                assertThat(context).hasFailed().getFailure().hasStackTraceContaining("mp.metrics.max-call-labels must be >= 1"));
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoPools {

        @Bean(destroyMethod = "terminate")
        ProcessPool imports() {
            return ProcessPool.create(PoolConfig.custom().name("imports").processes(1).startMethod(StartMethod.THREADS).build());
        }

        @Bean(destroyMethod = "terminate")
        ProcessPool reports() {
            return ProcessPool.create(PoolConfig.custom().name("reports").processes(2).startMethod(StartMethod.THREADS).build());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoPoolsOfOneName {

        @Bean(destroyMethod = "terminate")
        ProcessPool first() {
            return ProcessPool.create(PoolConfig.custom().processes(1).startMethod(StartMethod.THREADS).build());
        }

        @Bean(destroyMethod = "terminate")
        ProcessPool second() {
            return ProcessPool.create(PoolConfig.custom().processes(1).startMethod(StartMethod.THREADS).build());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoQueues {

        @Bean
        ProcessQueue<String> jobs() {
            return Queues.queue();
        }

        @Bean
        ProcessQueue<String> results() {
            return Queues.queue();
        }
    }

    @SuppressWarnings("unchecked")
    private static ProcessQueue<String> queue(BeanFactory context, String name) {
        return context.getBean(name, ProcessQueue.class);
    }
}
