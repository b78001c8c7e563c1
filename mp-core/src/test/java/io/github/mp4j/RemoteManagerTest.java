package io.github.mp4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mp4j.connection.Address;
import io.github.mp4j.manager.ManagedMap;
import io.github.mp4j.manager.Manager;
import io.github.mp4j.manager.ManagerOptions;
import io.github.mp4j.process.ChildProcess;
import io.github.mp4j.process.ChildReaper;
import io.github.mp4j.serial.SerializationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.example.gadget.Tripwire;
import org.example.gadget.TripwireLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A manager on TCP used by a separate JVM, across the trust boundary: what that JVM sends is
 * decoded under the allow-list.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RemoteManagerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final byte[] KEY = "remote manager test key".getBytes(StandardCharsets.UTF_8);

    @AfterAll
    static void noChildLeft() {
        ChildReaper.assertNoChildLeft();
    }

    @Test
    void aTcpManagerRefusesATripwireFromAnotherJvmWithoutInstantiatingItAndKeepsServing() {
        int before = TripwireLog.total();
        try (Manager manager = Mp.manager(ManagerOptions.builder().inProcess(true)
                .address(Address.tcp("127.0.0.1", 0)).authKey(KEY).build())) {
            ManagedMap<String, Object> map = manager.map();
            map.put("here", "before");
            ChildProcess child = Mp.process(RemoteManagerTest::sendTripwire, manager.address().toString(), map);
            child.start();
            assertThat(child.join(WAIT)).isTrue();
            assertThat(child.exitCode()).as("the child's checks (its output says which failed)").isZero();
            child.close();
            assertThat(TripwireLog.total()).as("the manager (this JVM) never initialized nor built a Tripwire")
                    .isEqualTo(before);
            assertThat(map).containsEntry("after", "still served").doesNotContainKey("gadget");
        }
    }

    private static void sendTripwire(String address, ManagedMap<String, Object> map) {
        Manager.connect(Address.parse(address), KEY);
        try {
            map.put("gadget", new Tripwire());
            throw new IllegalStateException("the manager decoded a Tripwire from a TCP peer");
        } catch (SerializationException e) {
            if (!e.getMessage().contains("refused to decode org.example.gadget.Tripwire")) {
                throw new IllegalStateException("not the allow-list's refusal: " + e, e);
            }
        }
        map.put("after", "still served");
    }
}
