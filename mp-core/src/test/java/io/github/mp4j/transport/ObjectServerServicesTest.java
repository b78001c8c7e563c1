package io.github.mp4j.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.connection.ConnectionClosedException;
import io.github.mp4j.runtime.CurrentProcess;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The object server dispatches by the service id in the hello to the service a concept
 * registered, checks the object's type for it, and forgets an object once it is unregistered.
 */
class ObjectServerServicesTest {

    /** An id no concept of mp4j uses. */
    private static final int ECHO = 120;

    /** A shared object of the test's own concept. */
    private record Greeting(String text) {
    }

    static {
        ObjectServer.registerService(ECHO, "greeting", Greeting.class, new ObjectServer.Service<>() {
            @Override
            public boolean serve(Greeting greeting, int argument, FramedChannel channel) {
                channel.write(ByteBuffer.wrap((greeting.text() + argument).getBytes(StandardCharsets.UTF_8)));
                return false;
            }

            @Override
            public String refusal(Greeting greeting, int argument) {
                return argument == 0 ? "argument 0 is refused" : null;
            }
        });
    }

    private final ObjectServer server = ObjectServer.local();

    @Test
    void aHelloReachesTheServiceItNamesWithTheObjectAndTheArgument() {
        long id = server.register(new Greeting("hello "));
        try {
            FramedChannel channel = connect(id, 7);
            assertThat(new String(channel.read(), StandardCharsets.UTF_8)).isEqualTo("hello 7");
            channel.close();
        } finally {
            server.unregister(id);
        }
    }

    @Test
    void theServiceRefusesWhatItRefusesAndAnObjectOfAnotherConcept() {
        long greeting = server.register(new Greeting("hello "));
        long other = server.register("not a greeting");
        try {
            assertThatThrownBy(() -> connect(greeting, 0)).isInstanceOf(ConnectionClosedException.class)
                    .hasMessageContaining("argument 0 is refused");
            assertThatThrownBy(() -> connect(other, 1)).isInstanceOf(ConnectionClosedException.class)
                    .hasMessageContaining("not a greeting");
            assertThatThrownBy(() -> ObjectServer.connect(server.address(), CurrentProcess.authKey(), ECHO + 1, greeting, 1))
                    .isInstanceOf(ConnectionClosedException.class).hasMessageContaining("no service " + (ECHO + 1));
        } finally {
            server.unregister(greeting);
            server.unregister(other);
        }
    }

    @Test
    void anUnregisteredObjectIsForgottenAndRefused() {
        int before = server.registeredCount();
        long id = server.register(new Greeting("hello "));
        assertThat(server.registeredCount()).isEqualTo(before + 1);

        server.unregister(id);

        assertThat(server.registeredCount()).isEqualTo(before);
        assertThatThrownBy(() -> connect(id, 1)).isInstanceOf(ConnectionClosedException.class)
                .hasMessageContaining("no object " + id).hasMessageContaining("was closed");
    }

    @Test
    void aServiceIdBelongsToOneConceptAndFitsInAByte() {
        ObjectServer.registerService(ECHO, "greeting", Greeting.class, (greeting, argument, channel) -> false);

        assertThatThrownBy(() -> ObjectServer.registerService(ECHO, "other", String.class, (text, argument, channel) -> false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("taken by the greeting service");
        assertThatThrownBy(() -> ObjectServer.registerService(128, "other", String.class, (text, argument, channel) -> false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 127, was 128");
    }

    private FramedChannel connect(long id, int argument) {
        return ObjectServer.connect(server.address(), CurrentProcess.authKey(), ECHO, id, argument);
    }
}
