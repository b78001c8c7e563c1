package io.github.mp4j.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.manager.ManagedMap;
import io.github.mp4j.manager.Manager;
import io.github.mp4j.manager.ManagerDiedException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class MpManagerAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MpManagerAutoConfiguration.class));

    @Test
    void noManagerUnlessEnabled() {
        runner.run(context -> assertThat(context).doesNotHaveBean(Manager.class));
    }

    @Test
    void aManagerJvmServesSharedObjectsAndStopsWithTheContext() {
        AtomicReference<Manager> started = new AtomicReference<>();
        runner.withPropertyValues("mp.manager.enabled=true", "mp.manager.jvm.max-heap=128m").run(context -> {
            Manager manager = context.getBean(Manager.class);
            started.set(manager);
            assertThat(manager.pid()).isNotEqualTo(ProcessHandle.current().pid());
            ManagedMap<String, Integer> map = manager.map();
            assertThat(map.merge("k", 1, Integer::sum)).isEqualTo(1);
        });
        long pid = started.get().pid();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("the manager's JVM is gone after the context closed").isFalse();
    }

    @Test
    void anInProcessManagerOnTcp() {
        AtomicReference<ManagedMap<String, Integer>> proxy = new AtomicReference<>();
        runner.withPropertyValues("mp.manager.enabled=true", "mp.manager.in-process=true",
                "mp.manager.address=tcp:127.0.0.1:0").run(context -> {
            Manager manager = context.getBean(Manager.class);
            assertThat(manager.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(manager.address().toString()).startsWith("tcp:");
            ManagedMap<String, Integer> map = manager.map();
            map.put("k", 1);
            proxy.set(map);
        });
        try {
            proxy.get().get("k");
            throw new AssertionError("a proxy of a closed context's manager still answered");
        } catch (ManagerDiedException expected) {
            // the manager was shut down with the context
        }
    }

    @Test
    void aBadAddressNamesTheProperty() {
        runner.withPropertyValues("mp.manager.enabled=true", "mp.manager.address=nowhere").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("mp.manager.address");
        });
    }
}
