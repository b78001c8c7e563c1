package io.github.mp4j.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Currency;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What crosses a process boundary through {@link ObjectCodec}, checked by in-process round trips. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ObjectCodecTest {

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) {
        return (T) ObjectCodec.decode(ObjectCodec.encode(value));
    }

    @Test
    void anApplicationClassAnnotatedWithKryosDefaultSerializerIsWrittenByThatSerializer() {
        Stamped copy = roundTrip(new Stamped("payload", false));

        assertThat(copy.text).isEqualTo("payload");
        assertThat(copy.readByItsOwnSerializer).as("Kryo's @DefaultSerializer on a user class is honoured").isTrue();
    }

    // ------------------------------------------------------------------ lambdas

    @Test
    void commonJdkCollectionsTravelWithoutTheirClassNames() {
        List<Object> values = List.of(Arrays.asList(42, null, "hello"), List.of(1, 2), List.of(1, 2, 3), Set.of("a"),
                Map.of("k", 1), Collections.emptyList(), Collections.singletonList("x"),
                Collections.unmodifiableList(new ArrayList<>(List.of(1))),
                Collections.unmodifiableMap(new HashMap<>(Map.of("k", 2))));
        for (Object value : values) {
            byte[] bytes = ObjectCodec.encode(value);
            assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).as("%s (%s)", value, value.getClass().getName())
                    .doesNotContain("java.util");
            assertThat(ObjectCodec.decode(bytes)).isEqualTo(value);
        }
        assertThat(ObjectCodec.encode(Arrays.asList(42, null, "hello"))).as("a small message stays small").hasSizeLessThan(16);
    }

    @Test
    void aSerializableLambdaArrivesWithItsCapturedValuesAndStillWorks() {
        int base = 40;
        String suffix = "!";
        Function<Integer, String> addAndShout = (Function<Integer, String> & Serializable) x -> (x + base) + suffix;

        Function<Integer, String> copy = roundTrip(addAndShout);

        assertThat(copy).isNotSameAs(addAndShout).isInstanceOf(Serializable.class);
        assertThat(copy.apply(2)).isEqualTo("42!");
    }

    @Test
    void aLambdaCapturingAnObjectGraphArrivesWithACopyOfIt() {
        List<String> names = new ArrayList<>(List.of("ada", "grace"));
        Supplier<Integer> count = (Supplier<Integer> & Serializable) names::size;

        Supplier<Integer> copy = roundTrip(count);
        names.add("barbara");

        assertThat(copy.get()).as("the copy captured the list as it was when sent").isEqualTo(2);
    }

    @Test
    void methodReferencesArriveAndStillWork() {
        String prefix = "mp";
        Function<String, String> bound = (Function<String, String> & Serializable) prefix::concat;
        Function<String, Integer> unbound = (Function<String, Integer> & Serializable) String::length;
        BinaryOperator<Integer> staticRef = (BinaryOperator<Integer> & Serializable) Integer::sum;

        assertThat(roundTrip(bound).apply("4j")).isEqualTo("mp4j");
        assertThat(roundTrip(unbound).apply("four")).isEqualTo(4);
        assertThat(roundTrip(staticRef).apply(40, 2)).isEqualTo(42);
    }

    @Test
    void aLambdaThatIsNotSerializableIsRefusedWithAMessageSayingItMustBeSerializable() {
        Runnable plain = () -> { };

        assertThatThrownBy(() -> ObjectCodec.encode(plain))
                .isExactlyInstanceOf(SerializationException.class)
                .hasMessageContaining("Lambda")
                .hasMessageContaining("must be Serializable");
    }

    @Test
    void aNonSerializableLambdaInsideAnObjectIsRefusedNamingTheField() {
        Job job = new Job("nightly", () -> { });

        assertThatThrownBy(() -> ObjectCodec.encode(job))
                .isExactlyInstanceOf(SerializationException.class)
                .hasMessageContaining("must be Serializable")
                .hasMessageContaining("task")
                .hasMessageContaining(Job.class.getName());
    }

    // ------------------------------------------------------------------ plain data

    static Stream<Arguments> values() throws IOException {
        return Stream.of(
                Arguments.of("text with ünïcödé"),
                Arguments.of(42),
                Arguments.of(-7L),
                Arguments.of(2.5d),
                Arguments.of('x'),
                Arguments.of(true),
                Arguments.of(new BigInteger("123456789012345678901234567890")),
                Arguments.of(new BigDecimal("3.14159265358979323846")),
                Arguments.of(UUID.fromString("123e4567-e89b-12d3-a456-426614174000")),
                Arguments.of(Instant.parse("2024-05-01T12:30:00.123456789Z")),
                Arguments.of(Duration.ofMillis(1500)),
                Arguments.of(LocalDate.of(2024, 2, 29)),
                Arguments.of(Optional.of("present")),
                Arguments.of(Color.GREEN),
                Arguments.of(new ArrayList<>(List.of(1, 2, 3))),
                Arguments.of(new LinkedList<>(List.of("a", "b"))),
                Arguments.of(new HashMap<>(Map.of("k", 1))),
                Arguments.of(new TreeSet<>(List.of(3, 1, 2))),
                // the JDK value types batch jobs pass around
                Arguments.of(Path.of("/data/in/part-0001.csv")),
                Arguments.of(Path.of("relative", "dir", "file.txt")),
                Arguments.of(new File("/data/in/part-0001.csv")),
                Arguments.of(new File("relative/file.txt")),
                Arguments.of(URI.create("https://example.com/a/b?q=1#frag")),
                Arguments.of(new URL("file:/data/in/part-0001.csv")),
                Arguments.of(LocalTime.of(23, 59, 59, 999_999_999)),
                Arguments.of(LocalDateTime.of(2024, 2, 29, 12, 30)),
                Arguments.of(ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, ZoneId.of("Europe/Paris"))),
                Arguments.of(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 1, ZoneOffset.ofHoursMinutes(5, 30))),
                Arguments.of(OffsetTime.of(8, 15, 0, 0, ZoneOffset.UTC)),
                Arguments.of(Period.of(1, 2, 3)),
                Arguments.of(Year.of(2024)),
                Arguments.of(YearMonth.of(2024, 2)),
                Arguments.of(MonthDay.of(2, 29)),
                Arguments.of(ZoneId.of("America/New_York")),
                Arguments.of(ZoneOffset.ofHours(-3)),
                Arguments.of(Optional.empty()),
                Arguments.of(OptionalInt.of(7)),
                Arguments.of(OptionalLong.of(-7L)),
                Arguments.of(OptionalDouble.of(0.5)),
                Arguments.of(Locale.forLanguageTag("pt-BR")),
                Arguments.of(Currency.getInstance("EUR")),
                Arguments.of(StandardCharsets.UTF_8),
                Arguments.of(new Date(1_700_000_000_123L)),
                Arguments.of(new java.sql.Timestamp(1_700_000_000_123L)),
                Arguments.of(java.sql.Date.valueOf("2024-02-29")),
                Arguments.of(BitSet.valueOf(new long[] {0b1011, 1L << 63})),
                Arguments.of(InetAddress.getByAddress("db.internal", new byte[] {10, 0, 0, 7})),
                Arguments.of(InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})),
                Arguments.of(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 8080)),
                Arguments.of(InetSocketAddress.createUnresolved("example.com", 443)),
                Arguments.of(Map.entry("key", 1)),
                Arguments.of(new AbstractMap.SimpleEntry<>("key", 1)),
                Arguments.of(new AbstractMap.SimpleImmutableEntry<>("key", 1)),
                Arguments.of(Collections.singletonMap("k", Path.of("/tmp"))),
                Arguments.of(List.of(Path.of("/a"), Path.of("/b"))));
    }

    @ParameterizedTest
    @MethodSource("values")
    void commonValuesArriveEqualAndOfTheSameClass(Object value) {
        Object copy = roundTrip(value);

        assertThat(copy).isEqualTo(value);
        assertThat(copy.getClass()).isEqualTo(value.getClass());
    }

    @Test
    void aPathArrivesAsAPathOfTheDefaultFileSystemNamingTheSameFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("input.csv"), "a,b\n");

        Path copy = roundTrip(file);

        assertThat(copy.getFileSystem()).isSameAs(FileSystems.getDefault());
        assertThat(copy).isEqualTo(file);
        assertThat(Files.size(copy)).isEqualTo(4);
    }

    @Test
    void aPathOfAnotherFileSystemIsRefusedSayingWhy(@TempDir Path dir) throws IOException {
        URI zip = URI.create("jar:" + dir.resolve("archive.zip").toUri());
        try (FileSystem archive = FileSystems.newFileSystem(zip, Map.of("create", "true"))) {
            Path inside = archive.getPath("/entry.txt");

            assertThatThrownBy(() -> ObjectCodec.encode(List.of(inside)))
                    .isExactlyInstanceOf(SerializationException.class)
                    .hasMessageContaining("/entry.txt")
                    .hasMessageContaining("only paths of the default file system");
        }
    }

    @Test
    void valuesWithoutEqualsArriveWithTheirState() {
        Pattern pattern = roundTrip(Pattern.compile("a+b", Pattern.CASE_INSENSITIVE));
        AtomicInteger counter = roundTrip(new AtomicInteger(42));
        AtomicLong total = roundTrip(new AtomicLong(-42L));
        AtomicBoolean flag = roundTrip(new AtomicBoolean(true));
        AtomicReference<String> ref = roundTrip(new AtomicReference<>("x"));

        assertThat(pattern.pattern()).isEqualTo("a+b");
        assertThat(pattern.flags()).isEqualTo(Pattern.CASE_INSENSITIVE);
        assertThat(pattern.matcher("AAB").matches()).isTrue();
        assertThat(counter.get()).isEqualTo(42);
        assertThat(total.get()).isEqualTo(-42L);
        assertThat(flag.get()).isTrue();
        assertThat(ref.get()).isEqualTo("x");
    }

    @Test
    void jdkValueTypesTravelWithoutTheirClassNames() throws IOException {
        List<Object> values = List.of(Path.of("/data"), new File("/data"), URI.create("https://example.com"),
                ZonedDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneId.of("UTC")), Period.ofDays(1), OptionalInt.of(1),
                Locale.GERMANY, new AtomicLong(1), InetAddress.getByAddress(new byte[] {10, 0, 0, 1}), Map.entry(1, 2));
        for (Object value : values) {
            String bytes = new String(ObjectCodec.encode(value), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as("%s (%s)", value, value.getClass().getName())
                    .doesNotContain(value.getClass().getPackageName());
        }
    }

    @Test
    void nullArrivesAsNull() {
        assertThat(ObjectCodec.decode(ObjectCodec.encode(null))).isNull();
    }

    @Test
    void recordsArriveEqualAndOfTheSameClass() {
        Segment segment = new Segment(new Point(1, 2), new Point(3, 4), List.of("red", "dashed"));

        Segment copy = roundTrip(segment);

        assertThat(copy).isNotSameAs(segment).isEqualTo(segment);
        assertThat(copy.getClass()).isEqualTo(Segment.class);
        assertThat(copy.from().getClass()).isEqualTo(Point.class);
    }

    @Test
    void nestedObjectsWithoutNoArgConstructorsOrSerializableArriveEqual() {
        Order order = new Order("o-1", new Customer("Ada", new Point(7, 8)), List.of(new Line("tea", 2), new Line("cake", 1)));

        Order copy = roundTrip(order);

        assertThat(copy).isNotSameAs(order).isEqualTo(order);
        assertThat(copy.customer).isExactlyInstanceOf(Customer.class).isEqualTo(order.customer);
        assertThat(copy.lines).hasSameClassAs(order.lines).isEqualTo(order.lines);
    }

    @Test
    void cyclicAndSharedReferencesKeepTheirShape() {
        Node a = new Node("a");
        Node b = new Node("b");
        a.next = b;
        b.next = a;
        a.children.add(b);
        a.children.add(a);

        Node copy = roundTrip(a);

        assertThat(copy).isNotSameAs(a);
        assertThat(copy.name).isEqualTo("a");
        assertThat(copy.next.name).isEqualTo("b");
        assertThat(copy.next.next).as("the cycle a -> b -> a").isSameAs(copy);
        assertThat(copy.children.get(0)).as("b is one object, reached twice").isSameAs(copy.next);
        assertThat(copy.children.get(1)).as("a list holding its owner").isSameAs(copy);
    }

    @Test
    void stringsAreValuesButSharedMutableObjectsStayShared() {
        String text = "shared text";
        List<Object> shared = new ArrayList<>(List.of(1));
        List<Object> message = Arrays.asList(text, text, shared, shared, text);

        List<?> copy = roundTrip(message);

        assertThat(copy).isEqualTo(message);
        assertThat(copy.get(2)).as("one list reached twice").isSameAs(copy.get(3));
        assertThat(ObjectCodec.encode(Arrays.asList("x", "x"))).as("no reference marks for strings")
                .hasSize(ObjectCodec.encode(Arrays.asList("x", "y")).length);
    }

    @Test
    void primitiveArraysArriveEqualAndOfTheSameType() {
        Object[] arrays = {
            new byte[] {1, -2, 3}, new short[] {1, 2}, new int[] {1, Integer.MIN_VALUE, Integer.MAX_VALUE},
            new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, new float[] {1.5f, Float.NaN}, new double[] {-0.0, 1e300},
            new char[] {'a', '\u20ac'}, new boolean[] {true, false, true}, new int[0],
        };
        for (Object array : arrays) {
            Object copy = roundTrip(array);
            assertThat(copy.getClass()).isEqualTo(array.getClass());
            assertThat(copy).isEqualTo(array);
        }
    }

    @Test
    void objectArraysArriveEqualAndOfTheSameType() {
        String[] strings = {"a", null, "c"};
        Object[] mixed = {1, "two", null, new int[] {3}, List.of(4)};
        Point[] points = {new Point(1, 1), null};
        int[][] grid = {{1, 2}, {3}, {}};

        assertThat(roundTrip(strings)).isExactlyInstanceOf(String[].class).containsExactly(strings);
        assertThat(roundTrip(mixed)).isExactlyInstanceOf(Object[].class).isEqualTo(mixed);
        assertThat(roundTrip(points)).isExactlyInstanceOf(Point[].class).containsExactly(points);
        assertThat(roundTrip(grid)).isExactlyInstanceOf(int[][].class).isEqualTo(grid);
    }

    // ------------------------------------------------------------------ collections

    static Stream<Arguments> immutableCollections() {
        return Stream.of(
                Arguments.of(List.of()),
                Arguments.of(List.of(1)),
                Arguments.of(List.of(1, 2, 3)),
                Arguments.of(Set.of()),
                Arguments.of(Set.of("x")),
                Arguments.of(Set.of("x", "y", "z")),
                Arguments.of(Map.of()),
                Arguments.of(Map.of("a", 1)),
                Arguments.of(Map.of("a", 1, "b", 2, "c", 3)),
                Arguments.of(Arrays.asList(3, 1, 2)),
                Arguments.of(Collections.unmodifiableList(new ArrayList<>(List.of(1, 2)))),
                Arguments.of(Collections.unmodifiableList(new LinkedList<>(List.of(1, 2)))),
                Arguments.of(Collections.unmodifiableSet(new LinkedHashSet<>(List.of(3, 1, 2)))),
                Arguments.of(Collections.unmodifiableMap(new LinkedHashMap<>(Map.of("k", "v")))),
                Arguments.of(Collections.unmodifiableSortedSet(new TreeSet<>(List.of(3, 1, 2)))),
                Arguments.of(Collections.unmodifiableSortedMap(new TreeMap<>(Map.of(2, "b", 1, "a")))),
                Arguments.of(Collections.unmodifiableNavigableSet(new TreeSet<>(List.of("b", "a")))),
                Arguments.of(Collections.unmodifiableNavigableMap(new TreeMap<>(Map.of("b", 2, "a", 1)))));
    }

    @ParameterizedTest
    @MethodSource("immutableCollections")
    void immutableAndUnmodifiableCollectionsArriveEqualAndOfTheSameClass(Object collection) {
        Object copy = roundTrip(collection);

        assertThat(copy).isEqualTo(collection);
        assertThat(copy.getClass()).isEqualTo(collection.getClass());
    }

    @Test
    void unmodifiableCollectionsStayUnmodifiable() {
        List<Integer> list = roundTrip(Collections.unmodifiableList(new ArrayList<>(List.of(1))));
        Map<String, Integer> map = roundTrip(Map.of("a", 1));
        Collection<Integer> collection = roundTrip(Collections.unmodifiableCollection(new ArrayList<>(List.of(1, 2))));

        assertThatThrownBy(() -> list.add(2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> collection.add(3)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(collection).containsExactly(1, 2);
    }

    @Test
    void unmodifiableCollectionsKeepTheirIterationOrder() {
        Set<String> set = Collections.unmodifiableSet(new LinkedHashSet<>(List.of("c", "a", "b")));
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put("z", 1);
        map.put("y", 2);
        map.put("x", 3);

        assertThat(roundTrip(set)).containsExactly("c", "a", "b");
        assertThat(roundTrip(Collections.unmodifiableMap(map))).containsExactly(Map.entry("z", 1), Map.entry("y", 2), Map.entry("x", 3));
    }

    @Test
    void unmodifiableSortedCollectionsKeepTheirComparator() {
        SortedSet<String> words = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        words.addAll(List.of("banana", "Apple", "cherry"));
        SortedMap<Integer, String> descending = new TreeMap<>(Comparator.reverseOrder());
        descending.putAll(Map.of(1, "one", 2, "two", 3, "three"));
        NavigableSet<String> byLength = new TreeSet<>((Comparator<String> & Serializable) (x, y) -> x.length() - y.length());
        byLength.addAll(List.of("ccc", "a", "bb"));

        SortedSet<String> wordsCopy = roundTrip(Collections.unmodifiableSortedSet(words));
        SortedMap<Integer, String> descendingCopy = roundTrip(Collections.unmodifiableSortedMap(descending));
        NavigableSet<String> byLengthCopy = roundTrip(Collections.unmodifiableNavigableSet(byLength));

        assertThat(wordsCopy).containsExactly("Apple", "banana", "cherry");
        assertThat(wordsCopy.comparator()).hasSameClassAs(String.CASE_INSENSITIVE_ORDER);
        assertThat(wordsCopy.contains("APPLE")).as("still compares ignoring case").isTrue();
        assertThat(descendingCopy.firstKey()).isEqualTo(3);
        assertThat(descendingCopy.comparator().getClass()).isEqualTo(descending.comparator().getClass());
        assertThat(byLengthCopy).containsExactly("a", "bb", "ccc");
        assertThat(byLengthCopy.contains("zz")).as("the lambda comparator arrived and works").isTrue();
    }

    @Test
    void enumSetsAndEnumMapsArriveEqualAndOfTheSameClass() {
        EnumSet<Color> some = EnumSet.of(Color.RED, Color.BLUE);
        EnumSet<Color> none = EnumSet.noneOf(Color.class);
        EnumMap<Color, String> names = new EnumMap<>(Color.class);
        names.put(Color.GREEN, "green");
        names.put(Color.RED, "red");
        EnumMap<Color, String> empty = new EnumMap<>(Color.class);

        EnumSet<Color> noneCopy = roundTrip(none);
        EnumMap<Color, String> namesCopy = roundTrip(names);
        EnumMap<Color, String> emptyCopy = roundTrip(empty);

        assertThat(roundTrip(some)).isEqualTo(some).hasSameClassAs(some);
        assertThat(noneCopy).isEmpty();
        assertThat(noneCopy.add(Color.GREEN)).as("an empty EnumSet still knows its enum").isTrue();
        assertThat(namesCopy).isExactlyInstanceOf(EnumMap.class).isEqualTo(names);
        assertThat(namesCopy).containsExactly(Map.entry(Color.RED, "red"), Map.entry(Color.GREEN, "green"));
        assertThat(emptyCopy).isExactlyInstanceOf(EnumMap.class).isEmpty();
        assertThat(emptyCopy.put(Color.BLUE, "blue")).as("an empty EnumMap still knows its enum").isNull();
    }

    // ------------------------------------------------------------------ exceptions

    @Test
    void anExceptionKeepsItsClassMessageStackTraceAndCauseChain() {
        IOException root = new IOException("disk full");
        JobFailedException failure = new JobFailedException(7, root);
        failure.addSuppressed(new IllegalStateException("cleanup failed too"));

        JobFailedException copy = roundTrip(failure);

        assertThat(copy).isNotSameAs(failure).isExactlyInstanceOf(JobFailedException.class).hasMessage("job 7 failed");
        assertThat(copy.jobId).isEqualTo(7);
        assertThat(copy.getStackTrace()).isNotEmpty().containsExactly(failure.getStackTrace());
        assertThat(copy.getCause()).isExactlyInstanceOf(IOException.class).hasMessage("disk full");
        assertThat(copy.getCause().getStackTrace()).containsExactly(root.getStackTrace());
        assertThat(copy.getSuppressed()).hasSize(1);
        assertThat(copy.getSuppressed()[0]).isExactlyInstanceOf(IllegalStateException.class).hasMessage("cleanup failed too");
    }

    @Test
    void anExceptionInsideAnObjectArrivesWithTheObject() {
        Outcome outcome = new Outcome("task-3", new IllegalArgumentException("bad input"));

        Outcome copy = roundTrip(outcome);

        assertThat(copy.task()).isEqualTo("task-3");
        assertThat(copy.error()).isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("bad input");
        assertThat(copy.error().getStackTrace()).containsExactly(outcome.error().getStackTrace());
    }

    @Test
    void anExceptionThatCannotBeSerializedArrivesAsARemoteExceptionWithTheSameTextAndTrace() {
        IOException cause = new IOException("handle went stale");
        HandleLeakedException failure = new HandleLeakedException("leaked handle 9", new Handle(9), cause);

        Object copy = roundTrip(failure);

        assertThat(copy).isExactlyInstanceOf(RemoteException.class);
        RemoteException remote = (RemoteException) copy;
        assertThat(remote.remoteClassName()).isEqualTo(HandleLeakedException.class.getName());
        assertThat(remote.getMessage()).contains(HandleLeakedException.class.getName()).contains("leaked handle 9");
        assertThat(remote.getStackTrace()).isNotEmpty().containsExactly(failure.getStackTrace());

        assertThat(remote.getCause()).isExactlyInstanceOf(RemoteException.class);
        RemoteException remoteCause = (RemoteException) remote.getCause();
        assertThat(remoteCause.remoteClassName()).isEqualTo(IOException.class.getName());
        assertThat(remoteCause.getMessage()).contains("handle went stale");
        assertThat(remoteCause.getStackTrace()).containsExactly(cause.getStackTrace());
    }

    // ------------------------------------------------------------------ process-bound objects

    @Test
    void aThreadInsideAnObjectIsRefusedNamingTheClassAndTheField() {
        ThreadHolder holder = new ThreadHolder(new Thread(() -> { }));

        assertThatThrownBy(() -> ObjectCodec.encode(holder))
                .isExactlyInstanceOf(SerializationException.class)
                .hasMessageContaining(Thread.class.getName())
                .hasMessageContaining("workerThread")
                .hasMessageContaining(ThreadHolder.class.getName());
    }

    @Test
    void anInputStreamInsideAnObjectIsRefusedNamingTheClassAndTheField() {
        StreamHolder holder = new StreamHolder(new ByteArrayInputStream(new byte[] {1, 2}));

        assertThatThrownBy(() -> ObjectCodec.encode(holder))
                .isExactlyInstanceOf(SerializationException.class)
                .hasMessageContaining(ByteArrayInputStream.class.getName())
                .hasMessageContaining("payloadStream")
                .hasMessageContaining(StreamHolder.class.getName());
    }

    @Test
    void aSocketInsideAnObjectIsRefusedNamingTheClassAndTheField() throws IOException {
        try (Socket socket = new Socket()) {
            SocketHolder holder = new SocketHolder(socket);

            assertThatThrownBy(() -> ObjectCodec.encode(holder))
                    .isExactlyInstanceOf(SerializationException.class)
                    .hasMessageContaining(Socket.class.getName())
                    .hasMessageContaining("peerSocket")
                    .hasMessageContaining(SocketHolder.class.getName());
        }
    }

    @Test
    void aJdkClassClosedToReflectionIsRefusedNamingTheClassTheFieldAndTheFlagThatWouldOpenIt() {
        Schedule schedule = new Schedule("nightly", new SimpleDateFormat("yyyy-MM-dd"));

        assertThatThrownBy(() -> ObjectCodec.encode(schedule))
                .isExactlyInstanceOf(SerializationException.class)
                .hasMessageContaining(Schedule.class.getName())
                .hasMessageContaining("dateFormat")
                .hasMessageContaining(SimpleDateFormat.class.getName())
                .hasMessageContaining("--add-opens java.base/java.text=ALL-UNNAMED")
                .hasNoSuppressedExceptions();
    }

    @Test
    void aJdkClassClosedToReflectionIsASerializationExceptionAtTheTopAndInsideCollections() {
        SimpleDateFormat format = new SimpleDateFormat("yyyy");

        for (Object value : List.of(format, List.of(format), Map.of("format", format))) {
            assertThatThrownBy(() -> ObjectCodec.encode(value)).as("%s", value.getClass().getName())
                    .isExactlyInstanceOf(SerializationException.class)
                    .hasMessageContaining(SimpleDateFormat.class.getName())
                    .hasMessageContaining("cannot be sent to another process");
        }
    }

    @Test
    void aProcessBoundObjectCapturedByALambdaIsRefusedNamingItsClassAndTheCapturedValue() {
        Thread thread = new Thread(() -> { });
        Function<Integer, String> named = (Function<Integer, String> & Serializable) x -> thread.getName() + x;

        assertThatThrownBy(() -> ObjectCodec.encode(named))
                .isExactlyInstanceOf(SerializationException.class)
                .hasMessageContaining(Thread.class.getName())
                .hasMessageContaining("captured value #1")
                .hasMessageContaining("lambda in " + ObjectCodecTest.class.getName());
    }

    @Test
    void requireSerializableNamesWhatCannotBeSent() {
        assertThatThrownBy(() -> ObjectCodec.requireSerializable(new ThreadHolder(Thread.currentThread()), "process target"))
                .isExactlyInstanceOf(SerializationException.class)
                .hasMessageContaining("process target")
                .hasMessageContaining(Thread.class.getName());
    }

    @Test
    void aRefusedValueDoesNotBreakTheNextEncodeOnTheSameThread() {
        assertThatThrownBy(() -> ObjectCodec.encode(new ThreadHolder(Thread.currentThread())))
                .isInstanceOf(SerializationException.class);

        assertThat(roundTrip(List.of("still", "works"))).containsExactly("still", "works");
    }

    // ------------------------------------------------------------------ bytes

    @Test
    void encodeToBufferHoldsExactlyTheEncodedBytes() {
        Segment value = new Segment(new Point(5, 6), new Point(7, 8), List.of("x"));
        byte[] expected = ObjectCodec.encode(value);

        ByteBuffer view = ObjectCodec.encodeToBuffer(value);
        byte[] actual = new byte[view.remaining()];
        view.get(actual);

        assertThat(actual).isEqualTo(expected);
        assertThat(ObjectCodec.decode(actual)).isEqualTo(value);
    }

    @Test
    void decodeReadsAMessageAtAnOffsetInsideALargerArray() {
        byte[] message = ObjectCodec.encode("in the middle");
        byte[] frame = new byte[message.length + 10];
        System.arraycopy(message, 0, frame, 3, message.length);

        assertThat(ObjectCodec.decode(frame, 3, message.length)).isEqualTo("in the middle");
    }

    static Stream<Arguments> garbage() {
        return Stream.of(
                Arguments.of((Object) new byte[0]),
                Arguments.of((Object) "not kryo at all".getBytes(StandardCharsets.US_ASCII)),
                Arguments.of((Object) new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 1, 2}),
                Arguments.of((Object) new byte[] {1, 2}),
                Arguments.of((Object) new byte[] {(byte) 0xfe, 0, 0, 0}));
    }

    @ParameterizedTest
    @MethodSource("garbage")
    void garbageBytesFailToDecodeWithASerializationException(byte[] bytes) {
        assertThatThrownBy(() -> ObjectCodec.decode(bytes))
                .isExactlyInstanceOf(SerializationException.class)
                .message().isNotBlank();
    }

    @Test
    void aMessageWithTrailingBytesIsRefused() {
        byte[] message = ObjectCodec.encode("complete");
        byte[] longer = Arrays.copyOf(message, message.length + 1);

        assertThatThrownBy(() -> ObjectCodec.decode(longer))
                .isExactlyInstanceOf(SerializationException.class)
                .hasMessageContaining("trailing");
    }

    @Test
    void aTruncatedMessageIsRefused() {
        byte[] message = ObjectCodec.encode(new Segment(new Point(1, 2), new Point(3, 4), List.of("a", "b")));

        assertThatThrownBy(() -> ObjectCodec.decode(message, 0, message.length / 2))
                .isExactlyInstanceOf(SerializationException.class);
    }

    @Test
    void aLengthLargerThanTheMessageIsGarbageNotAnAllocation() {
        byte[] real = ObjectCodec.encode(new byte[] {1, 2, 3});
        // the same class id and reference marker, then a varint length of 2^31: a byte[] of Integer.MAX_VALUE
        byte[] lying = {real[0], real[1], (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};

        assertThatThrownBy(() -> ObjectCodec.decode(lying))
                .isExactlyInstanceOf(SerializationException.class);
    }

    @Test
    void manyThreadsEncodeAndDecodeAtOnceWithoutMixingMessages() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(threads.submit(() -> {
                    int checked = 0;
                    for (int i = 0; i < 2_000; i++) {
                        Segment value = new Segment(new Point(thread, i), new Point(i, thread), List.of("t" + thread, "i" + i));
                        assertThat(roundTrip(value)).isEqualTo(value);
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(2_000);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ test types

    enum Color { RED, GREEN, BLUE }

    record Schedule(String name, SimpleDateFormat dateFormat) {
    }

    record Point(int x, int y) {
    }

    record Segment(Point from, Point to, List<String> tags) {
    }

    record Outcome(String task, Throwable error) {
    }

    /** Not Serializable, no no-arg constructor. */
    static final class Customer {
        private final String name;
        private final Point address;

        Customer(String name, Point address) {
            this.name = name;
            this.address = address;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customer c && name.equals(c.name) && address.equals(c.address);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, address);
        }
    }

    static final class Line {
        private final String item;
        private final int quantity;

        Line(String item, int quantity) {
            this.item = item;
            this.quantity = quantity;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Line l && item.equals(l.item) && quantity == l.quantity;
        }

        @Override
        public int hashCode() {
            return Objects.hash(item, quantity);
        }
    }

    static final class Order {
        private final String id;
        private final Customer customer;
        private final List<Line> lines;

        Order(String id, Customer customer, List<Line> lines) {
            this.id = id;
            this.customer = customer;
            this.lines = lines;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Order o && id.equals(o.id) && customer.equals(o.customer) && lines.equals(o.lines);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, customer, lines);
        }
    }

    static final class Node {
        private final String name;
        private final List<Node> children = new ArrayList<>();
        private Node next;

        Node(String name) {
            this.name = name;
        }
    }

    static final class Job {
        private final String name;
        private final Runnable task;

        Job(String name, Runnable task) {
            this.name = name;
            this.task = task;
        }

        @Override
        public String toString() {
            return name + ":" + task;
        }
    }

    static final class JobFailedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int jobId;

        JobFailedException(int jobId, Throwable cause) {
            super("job " + jobId + " failed", cause);
            this.jobId = jobId;
        }
    }

    /** Deliberately not Serializable. */
    static final class Handle {
        private final int id;

        Handle(int id) {
            this.id = id;
        }

        @Override
        public String toString() {
            return "handle " + id;
        }
    }

    static final class HandleLeakedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Handle handle;

        HandleLeakedException(String message, Handle handle, Throwable cause) {
            super(message, cause);
            this.handle = handle;
        }
    }

    static final class ThreadHolder {
        private final Thread workerThread;

        ThreadHolder(Thread workerThread) {
            this.workerThread = workerThread;
        }

        @Override
        public String toString() {
            return workerThread.getName();
        }
    }

    static final class StreamHolder {
        private final InputStream payloadStream;

        StreamHolder(InputStream payloadStream) {
            this.payloadStream = payloadStream;
        }

        @Override
        public String toString() {
            return payloadStream.toString();
        }
    }

    static final class SocketHolder {
        private final Socket peerSocket;

        SocketHolder(Socket peerSocket) {
            this.peerSocket = peerSocket;
        }

        @Override
        public String toString() {
            return peerSocket.toString();
        }
    }

    /** A user class that names its own Kryo serializer, which marks what it reads. */
    @com.esotericsoftware.kryo.DefaultSerializer(Stamped.Writer.class)
    public static final class Stamped {
        private final String text;
        private final boolean readByItsOwnSerializer;

        Stamped(String text, boolean readByItsOwnSerializer) {
            this.text = text;
            this.readByItsOwnSerializer = readByItsOwnSerializer;
        }

        public static final class Writer extends com.esotericsoftware.kryo.Serializer<Stamped> {
            @Override
            public void write(com.esotericsoftware.kryo.Kryo kryo, com.esotericsoftware.kryo.io.Output output, Stamped value) {
                output.writeString(value.text);
            }

            @Override
            public Stamped read(com.esotericsoftware.kryo.Kryo kryo, com.esotericsoftware.kryo.io.Input input,
                                Class<? extends Stamped> type) {
                return new Stamped(input.readString(), true);
            }
        }
    }
}
