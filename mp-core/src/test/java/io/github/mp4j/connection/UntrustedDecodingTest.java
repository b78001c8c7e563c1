package io.github.mp4j.connection;

import static io.github.mp4j.connection.Sockets.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mp4j.connection.Sockets.Ends;
import io.github.mp4j.connection.Sockets.Transport;
import io.github.mp4j.serial.DecodeAllowList;
import io.github.mp4j.serial.ObjectCodec;
import io.github.mp4j.serial.SerializationException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.example.gadget.Lambdas;
import org.example.gadget.Order;
import org.example.gadget.TripwireLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A TCP peer, even an authenticated one, gets only allow-listed classes decoded; everything else
 * is refused by name, before the class is loaded, and the connection goes on.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UntrustedDecodingTest {

    @Test
    void aGadgetFromATcpPeerIsRefusedWithoutRunningAnyOfItsCodeAndTheConnectionGoesOn() throws Exception {
        byte[] gadget = gadgetMadeElsewhere();
        try (Listener listener = Transport.TCP.bind(); Ends ends = connect(listener)) {
            ends.client().sendBytes(gadget);
            assertThatThrownBy(() -> ends.server().recv())
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("refused to decode org.example.gadget.Tripwire")
                    .hasMessageContaining("DecodeAllowList.allow(org.example.gadget.Tripwire.class)")
                    .hasMessageContaining("-Dmp4j.serial.allow=");
            assertThat(TripwireLog.total()).as("static initializer, constructor and hashCode runs").isZero();

            ends.client().send(List.of("still", "served"));
            assertThat(ends.server().<List<String>>recv()).containsExactly("still", "served");
        }
        ObjectCodec.decode(gadget);
        assertThat(TripwireLog.INITIALIZED).as("the same bytes from a trusted peer do run the tripwire").hasValue(1);
        assertThat(TripwireLog.CALLED.get()).isPositive();
    }

    @Test
    void jdkValuesCollectionsAndExceptionsCrossFromATcpPeer() {
        Map<String, Object> values = new TreeMap<>(Map.of(
                "date", LocalDate.of(2026, 12, 7), "decimal", new BigDecimal("1.25"), "uuid", new UUID(1, 2),
                "optional", Optional.of(List.of(1, 2L, 3.0)), "set", new HashSet<>(Set.of("a", "b")),
                "array", new int[] {1, 2}, "strings", new String[] {"x"}, "list", new ArrayList<>(List.of(Map.entry("k", 1)))));
        try (Listener listener = Transport.TCP.bind(); Ends ends = connect(listener)) {
            ends.client().send(values);
            Map<String, Object> received = ends.server().recv();
            assertThat(received).usingRecursiveComparison().isEqualTo(values);

            ends.client().send(new IllegalStateException("outer", new IOException("inner")));
            IllegalStateException error = ends.server().recv();
            assertThat(error).hasMessage("outer").hasCauseInstanceOf(IOException.class);
            assertThat(error.getStackTrace()).isNotEmpty();
        }
    }

    @Test
    void anApplicationTypeCrossesOnceAllowedAndALambdaOnlyIfItsClassIs() {
        try (Listener listener = Transport.TCP.bind(); Ends ends = connect(listener)) {
            ends.client().send(new Order(7, 9.5));
            assertThatThrownBy(() -> ends.server().recv()).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("org.example.gadget.Order");
            ends.client().send(Lambdas.supplier("hello"));
            assertThatThrownBy(() -> ends.server().recv()).isInstanceOf(SerializationException.class)
                    .hasMessageContaining("refused to decode org.example.gadget.Lambdas");

            DecodeAllowList.allow(Order.class);
            ends.client().send(new Order(7, 9.5));
            assertThat(ends.server().<Order>recv()).isEqualTo(new Order(7, 9.5));
            ends.client().send(Lambdas.supplier("hello"));
            assertThatThrownBy(() -> ends.server().recv()).as("allowing one class allows no other")
                    .isInstanceOf(SerializationException.class);
        }
    }

    @Test
    void localPeersAreTrustedUnlessConfiguredOtherwise() {
        try (Listener listener = Transport.UNIX.bind(); Ends ends = connect(listener)) {
            ends.client().send(Lambdas.supplier("local"));
            assertThat(ends.server().<Supplier<String>>recv().get()).isEqualTo("local");

            System.setProperty(DecodeAllowList.TRUST_LOCAL_PEERS_PROPERTY, "false");
            try {
                ends.client().send(Lambdas.supplier("local"));
                assertThatThrownBy(() -> ends.server().recv()).isInstanceOf(SerializationException.class)
                        .hasMessageContaining("org.example.gadget.Lambdas");
            } finally {
                System.clearProperty(DecodeAllowList.TRUST_LOCAL_PEERS_PROPERTY);
            }
        }
    }

    @Test
    void namesAreCheckedWithoutLoadingTheClass() {
        assertThat(DecodeAllowList.isAllowed("[[I")).isTrue();
        assertThat(DecodeAllowList.isAllowed("[Ljava.lang.String;")).isTrue();
        assertThat(DecodeAllowList.isAllowed("[Lorg.example.gadget.Tripwire;")).isFalse();
        assertThat(DecodeAllowList.isAllowed("java.util.concurrent.TimeoutException")).isTrue();
        assertThat(DecodeAllowList.isAllowed("com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl")).isFalse();
        assertThat(DecodeAllowList.isAllowed("java.lang.ProcessBuilder")).isFalse();
        assertThat(DecodeAllowList.isAllowed("[")).isFalse();
        assertThat(TripwireLog.INITIALIZED.get()).as("checking Tripwire's name did not initialize it").isLessThanOrEqualTo(1);
        assertThatThrownBy(() -> DecodeAllowList.allowPackage("")).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Encodes a set holding a tripwire with a class loader of its own, as another JVM would, so
     * that this test's class loader has not loaded (let alone initialized) the class.
     */
    private static byte[] gadgetMadeElsewhere() throws Exception {
        URL testClasses = TripwireLog.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader elsewhere = new URLClassLoader(new URL[] {testClasses}, ClassLoader.getPlatformClassLoader())) {
            Object tripwire = elsewhere.loadClass("org.example.gadget.Tripwire").getConstructor().newInstance();
            Set<Object> set = new HashSet<>();
            set.add(tripwire);
            return ObjectCodec.encode(set);
        }
    }
}
