package io.github.mp4j.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.actuator.ProcessPoolEndpoint.PoolDescriptor;
import io.github.mp4j.actuator.ProcessPoolEndpoint.WorkerDescriptor;
import io.github.mp4j.boot.MpAutoConfiguration;
import io.github.mp4j.pool.ProcessPool;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class MpEndpointAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MpAutoConfiguration.class, MpEndpointAutoConfiguration.class,
                    JacksonEndpointAutoConfiguration.class))
            .withPropertyValues("mp.start-method=threads", "mp.processes=2", "mp.name=batch", "mp.retries=1",
                    "mp.task-timeout=5m", "management.endpoints.web.exposure.include=mp");

    @Test
    void listsTheSettingsAndEveryWorker() {
        runner.run(context -> {
            context.getBean(ProcessPool.class).map(x -> x, List.of(1, 2, 3, 4));
            PoolDescriptor descriptor = context.getBean(ProcessPoolEndpoint.class).pool();
            assertThat(descriptor.pool()).isEqualTo(new ProcessPoolEndpoint.PoolSettings("batch", 2, "threads", 0, 0, "PT5M", 1));
            assertThat(descriptor.workers()).extracting(WorkerDescriptor::name).containsExactlyInAnyOrder("batch-worker-1",
                    "batch-worker-2");
            assertThat(descriptor.workers()).allSatisfy(worker -> {
                assertThat(worker.pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(worker.state()).isIn("starting", "idle");
                assertThat(worker.currentTaskAgeMillis()).isNull();
            });
            assertThat(descriptor.workers().stream().mapToLong(WorkerDescriptor::tasksDone).sum()).isEqualTo(4);
        });
    }

    @Test
    void rendersAsTheActuatorsJson() {
        runner.run(context -> {
            PoolDescriptor descriptor = context.getBean(ProcessPoolEndpoint.class).pool();
            String json = context.getBean(EndpointJsonMapper.class).get().writeValueAsString(descriptor);
            @SuppressWarnings("unchecked")
            Map<String, Object> tree = context.getBean(EndpointJsonMapper.class).get().readValue(json, Map.class);
            assertThat(tree).containsOnlyKeys("pool", "workers");
            assertThat(tree.get("pool")).isEqualTo(Map.of("name", "batch", "processes", 2, "startMethod", "threads",
                    "chunkSize", 0, "maxTasksPerChild", 0, "taskTimeout", "PT5M", "retries", 1));
            assertThat((List<?>) tree.get("workers")).hasSize(2).allSatisfy(worker -> assertThat(asMap(worker))
                    .containsKeys("name", "pid", "state", "uptimeSeconds", "tasksDone"));
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object json) {
        return (Map<String, Object>) json;
    }

    @Test
    void isOnlyThereWhenExposed() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=health")
                .run(context -> assertThat(context).doesNotHaveBean(ProcessPoolEndpoint.class));
    }
}
