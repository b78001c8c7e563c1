package io.github.mp4j.serial.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import io.github.mp4j.serial.NotSendable;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.lang.reflect.InvocationHandler;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.channels.Channel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Currency;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * The one place Kryo is configured. Every process builds identical instances, so the explicit
 * registration IDs below are part of the wire format: append, never renumber.
 */
public final class KryoFactory {

    /** First ID of mp4j's own registrations; Kryo keeps the IDs below for primitives and String. */
    private static final int FIRST_ID = 100;

    private static final Class<?>[] REGISTERED = {
        Object[].class, byte[].class, int[].class, long[].class, double[].class, float[].class,
        short[].class, char[].class, boolean[].class, String[].class,
        ArrayList.class, LinkedList.class, ArrayDeque.class, HashMap.class, LinkedHashMap.class,
        TreeMap.class, HashSet.class, LinkedHashSet.class, TreeSet.class, ConcurrentHashMap.class,
        BigInteger.class, BigDecimal.class, UUID.class, Optional.class, BitSet.class,
        Duration.class, Instant.class, LocalDate.class, LocalDateTime.class,
    };

    /**
     * JDK collection classes that are not public, registered after their default serializers are
     * in place. Unregistered, each message would carry their full class name: a list from
     * {@code Arrays.asList} would cost 30 bytes of name and a class lookup by name on both sides.
     */
    private static final Class<?>[] REGISTERED_BY_SAMPLE = {
        Arrays.asList().getClass(),
        List.of().getClass(), List.of(1).getClass(), Set.of().getClass(), Set.of(1).getClass(),
        Map.of().getClass(), Map.of(1, 1).getClass(),
        Collections.emptyList().getClass(), Collections.emptySet().getClass(), Collections.emptyMap().getClass(),
        Collections.singletonList(1).getClass(), Collections.singleton(1).getClass(),
        Collections.singletonMap(1, 1).getClass(),
        Collections.unmodifiableCollection(new ArrayList<>()).getClass(),
        Collections.unmodifiableList(new ArrayList<>()).getClass(),
        Collections.unmodifiableList(new LinkedList<>()).getClass(),
        Collections.unmodifiableSet(new HashSet<>()).getClass(),
        Collections.unmodifiableSortedSet(new TreeSet<>()).getClass(),
        Collections.unmodifiableNavigableSet(new TreeSet<>()).getClass(),
        Collections.unmodifiableMap(new HashMap<>()).getClass(),
        Collections.unmodifiableSortedMap(new TreeMap<>()).getClass(),
        Collections.unmodifiableNavigableMap(new TreeMap<>()).getClass(),
    };

    /**
     * JDK value types that batch jobs pass around, with Kryo's default serializers (registered
     * after the lists above, so their IDs follow: append here).
     */
    private static final Class<?>[] VALUE_TYPES = {
        URL.class, LocalTime.class, ZonedDateTime.class, OffsetDateTime.class, OffsetTime.class, Period.class,
        Year.class, YearMonth.class, MonthDay.class, ZoneOffset.class, ZoneId.of("UTC").getClass(),
        OptionalInt.class, OptionalLong.class, OptionalDouble.class, Locale.class, Currency.class, Date.class,
    };

    /** Types bound to the process that owns them: sending one is always a mistake. */
    private static final Class<?>[] PROCESS_BOUND = {
        Thread.class, ThreadGroup.class, ClassLoader.class, InputStream.class, OutputStream.class,
        Reader.class, Writer.class, Channel.class, Socket.class, ServerSocket.class, Process.class,
        ProcessHandle.class, ExecutorService.class,
    };

    private KryoFactory() {
    }

    /** @return a fully configured Kryo instance, for one thread at a time */
    public static Kryo create() {
        Kryo kryo = new JdkAwareKryo();
        kryo.setRegistrationRequired(false);
        kryo.setClassLoader(KryoFactory.class.getClassLoader());
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        kryo.setDefaultSerializer(new FieldSerializerFactory());
        // paths of other file systems and addresses of other classes: refused or sent by name
        kryo.addDefaultSerializer(Path.class, new PathSerializer());
        kryo.addDefaultSerializer(InetAddress.class, new InetAddressSerializer());
        int id = FIRST_ID;
        for (Class<?> type : REGISTERED) {
            if (type == byte[].class) {
                kryo.register(type, new BoundedByteArraySerializer(), id++);
            } else if (type == UUID.class) {
                kryo.register(type, new UuidSerializer(), id++);
            } else {
                kryo.register(type, id++);
            }
        }
        kryo.register(ClosureSerializer.Closure.class, new LambdaSerializer(), id++);
        kryo.register(EnumSet.noneOf(Thread.State.class).getClass(), id++);
        kryo.register(EnumMap.class, new EnumMapSerializer(), id++);
        ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
        kryo.addDefaultSerializer(Arrays.asList().getClass(), DefaultSerializers.ArraysAsListSerializer.class);
        UnmodifiableSerializer.addDefaultSerializers(kryo);
        for (Class<?> type : REGISTERED_BY_SAMPLE) {
            kryo.register(type, id++);
        }
        for (Class<?> type : VALUE_TYPES) {
            kryo.register(type, id++);
        }
        registerValueSerializers(kryo, id);
        kryo.addDefaultSerializer(Throwable.class, new ThrowableSerializer());
        for (Class<?> type : PROCESS_BOUND) {
            kryo.addDefaultSerializer(type, new ProcessBoundSerializer(type));
        }
        kryo.addDefaultSerializer(NotSendable.class, new ProcessBoundSerializer(NotSendable.class));
        return kryo;
    }

    /**
     * Kryo that does not look for its {@code @DefaultSerializer} annotation on the JDK's own
     * classes, which cannot carry it. The look-up parses every runtime annotation of the class, and
     * the first JDK class with one ({@code @jdk.internal.ValueBased} on {@code Optional} and the
     * {@code java.time} types registered here) made each new JVM define and generate a dynamic
     * proxy class for it: about a third of a worker's Kryo set-up, in every child.
     */
    private static final class JdkAwareKryo extends Kryo {

        JdkAwareKryo() {
            super(new AllowListClassResolver(), new ValueReferenceResolver());
        }

        @Override
        @SuppressWarnings("rawtypes") // Kryo's signature
        protected Serializer getDefaultSerializerForAnnotatedType(Class type) {
            ClassLoader loader = type.getClassLoader();
            if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
                return null;
            }
            return super.getDefaultSerializerForAnnotatedType(type);
        }
    }

    /**
     * JDK value types whose default serializer would read private fields, which an application
     * JVM (run without mp4j's {@code --add-opens} flags) may not: these go through public API.
     */
    private static void registerValueSerializers(Kryo kryo, int firstId) {
        int id = firstId;
        kryo.register(Path.of("").getClass(), new PathSerializer(), id++);
        kryo.register(File.class, new FileSerializer(), id++);
        kryo.register(URI.class, new DefaultSerializers.URISerializer(), id++);
        kryo.register(Pattern.class, new DefaultSerializers.PatternSerializer(), id++);
        kryo.register(AtomicInteger.class, new DefaultSerializers.AtomicIntegerSerializer(), id++);
        kryo.register(AtomicLong.class, new DefaultSerializers.AtomicLongSerializer(), id++);
        kryo.register(AtomicBoolean.class, new DefaultSerializers.AtomicBooleanSerializer(), id++);
        kryo.register(AtomicReference.class, new DefaultSerializers.AtomicReferenceSerializer(), id++);
        kryo.register(Inet4Address.class, new InetAddressSerializer(), id++);
        kryo.register(Inet6Address.class, new InetAddressSerializer(), id++);
        kryo.register(InetSocketAddress.class, new InetSocketAddressSerializer(), id++);
        kryo.register(Map.entry(1, 1).getClass(), new MapEntrySerializer(Map::entry), id++);
        kryo.register(AbstractMap.SimpleEntry.class, new MapEntrySerializer(AbstractMap.SimpleEntry::new), id++);
        kryo.register(AbstractMap.SimpleImmutableEntry.class, new MapEntrySerializer(AbstractMap.SimpleImmutableEntry::new), id++);
        // Kryo looks up every java.lang.reflect.Proxy class under InvocationHandler
        kryo.register(InvocationHandler.class, new JdkProxySerializer(), id++);
    }
}
