package io.github.mp4j.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.batch.PartitionReport;
import io.github.mp4j.batch.ProcessPoolBatchFactory;
import io.github.mp4j.batch.ProcessPoolPartitionHandler;
import io.github.mp4j.pool.CallOptions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.support.TaskExecutorJobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Spring Batch auto-configuration: a ProcessPoolBatchFactory bean with Spring Batch, a pool
 * and a JobRepository, set by mp.batch.*; none without Spring Batch, without a repository, or
 * when turned off; and a partitioned job runs on the auto-configured pool.
 */
class MpBatchAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MpAutoConfiguration.class, MpBatchAutoConfiguration.class))
            .withPropertyValues("mp.start-method=threads", "mp.processes=2");

    @Test
    void withAJobRepositoryTheFactoryIsABeanOnThePoolWithOnePartitionPerWorker() {
        runner.withUserConfiguration(Repository.class).run(context -> {
            assertThat(context).hasSingleBean(ProcessPoolBatchFactory.class);
            ProcessPoolBatchFactory factory = context.getBean(ProcessPoolBatchFactory.class);
            assertThat(factory.gridSize()).isEqualTo(2);
            assertThat(factory.callOptions()).isEqualTo(CallOptions.defaults());
            assertThat(factory.pool()).isSameAs(context.getBean(io.github.mp4j.pool.ProcessPool.class));
        });
    }

    @Test
    void theBatchPropertiesSetTheFactory() {
        runner.withUserConfiguration(Repository.class)
                .withPropertyValues("mp.batch.grid-size=6", "mp.batch.retries=2", "mp.batch.label=nightly",
                        "mp.batch.stop-poll-interval=1s")
                .run(context -> {
                    ProcessPoolBatchFactory factory = context.getBean(ProcessPoolBatchFactory.class);
                    ProcessPoolPartitionHandler handler = factory.partitionHandler(partition -> null);
                    assertThat(handler.getGridSize()).isEqualTo(6);
                    assertThat(factory.callOptions()).isEqualTo(CallOptions.labelled("nightly").withRetries(2));
                });
    }

    @Test
    void anInvalidGridSizeFailsTheStartupNamingTheProperty() {
        runner.withUserConfiguration(Repository.class).withPropertyValues("mp.batch.grid-size=-1").run(context ->
                assertThat(context).hasFailed().getFailure().hasStackTraceContaining("mp.batch.gridSize must be >= 0"));
    }

    @Test
    void noFactoryWithoutAJobRepositoryWithoutSpringBatchOrWhenTurnedOff() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ProcessPoolBatchFactory.class));
        runner.withUserConfiguration(Repository.class).withPropertyValues("mp.batch.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ProcessPoolBatchFactory.class));
        runner.withClassLoader(new FilteredClassLoader(JobRepository.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ProcessPoolBatchFactory.class));
    }

    @Test
    void aPartitionedJobRunsOnTheAutoConfiguredPool() {
        runner.withUserConfiguration(Repository.class).run(context -> {
            JobRepository repository = context.getBean(JobRepository.class);
            ProcessPoolBatchFactory factory = context.getBean(ProcessPoolBatchFactory.class);
            Step step = new StepBuilder("count", repository)
                    .partitioner("count-partition", grid -> partitions(grid))
                    .partitionHandler(factory.partitionHandler(partition -> PartitionReport.completed(
                            PartitionReport.Counts.of(10, 10), partition.executionContext())))
                    .build();
            TaskExecutorJobOperator operator = new TaskExecutorJobOperator();
            operator.setJobRepository(repository);
            operator.setJobRegistry(new MapJobRegistry());
            operator.afterPropertiesSet();

            JobExecution execution = operator.start(new JobBuilder("count", repository).start(step).build(), new JobParameters());

            assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(execution.getStepExecutions()).filteredOn(s -> s.getStepName().equals("count"))
                    .singleElement().satisfies(s -> assertThat(s.getWriteCount()).isEqualTo(20));
        });
    }

    private static Map<String, ExecutionContext> partitions(int grid) {
        Map<String, ExecutionContext> partitions = new HashMap<>();
        for (int i = 0; i < grid; i++) {
            partitions.put("p" + i, new ExecutionContext());
        }
        return partitions;
    }

    @Configuration(proxyBeanMethods = false)
    static class Repository {
        @Bean
        JobRepository jobRepository() {
            return new ResourcelessJobRepository();
        }
    }
}
