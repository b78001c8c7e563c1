package io.github.mp4j.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The text form of an address, which is how one is handed to another process or configured. */
class AddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"unix:/tmp/mp4j/1234-1-abc.sock", "tcp:127.0.0.1:6000", "tcp:127.0.0.1:0", "tcp:0.0.0.0:65535"})
    void textRoundTripsThroughParseAndToString(String text) {
        Address address = Address.parse(text);

        assertThat(address).hasToString(text);
        assertThat(Address.parse(address.toString())).isEqualTo(address).hasSameHashCodeAs(address);
    }

    @Test
    void anIpv6AddressRoundTrips() {
        Address address = Address.tcp("::1", 6000);

        assertThat(Address.parse(address.toString())).isEqualTo(address);
    }

    @Test
    void parseBuildsTheMatchingSocketAddress() {
        Address unix = Address.parse("unix:/run/mp4j/x.sock");
        Address tcp = Address.parse("tcp:127.0.0.1:6000");

        assertThat(unix.family()).isEqualTo(StandardProtocolFamily.UNIX);
        assertThat(unix.socketAddress()).isEqualTo(UnixDomainSocketAddress.of(Path.of("/run/mp4j/x.sock")));
        assertThat(unix).isEqualTo(Address.unix(Path.of("/run/mp4j/x.sock")));
        assertThat(tcp.family()).isEqualTo(StandardProtocolFamily.INET);
        assertThat(tcp.socketAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 6000));
        assertThat(tcp).isEqualTo(Address.tcp("127.0.0.1", 6000)).isNotEqualTo(Address.tcp("127.0.0.1", 6001));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost:6000", "/tmp/x.sock", "udp:127.0.0.1:53", "tcp:127.0.0.1", "tcp:127.0.0.1:http",
        "tcp::6000", "tcp:127.0.0.1:"})
    void malformedTextIsRefusedNamingTheTextAndTheExpectedForms(String text) {
        assertThatThrownBy(() -> Address.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("unix:/path")
                .hasMessageContaining("tcp:host:port");
    }

    @Test
    void aPortOutOfRangeIsRefusedSayingWhatIsAllowed() {
        assertThatThrownBy(() -> Address.parse("tcp:127.0.0.1:70000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be between 0 and 65535, was 70000");
        assertThatThrownBy(() -> Address.tcp("127.0.0.1", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be between 0 and 65535, was -1");
    }
}
