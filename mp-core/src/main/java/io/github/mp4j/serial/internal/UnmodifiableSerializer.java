package io.github.mp4j.serial.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code Collections.unmodifiable*} views, written through their public API (no reflection into
 * {@code java.util}) and read back as the same kind of view over a fresh copy.
 */
final class UnmodifiableSerializer extends Serializer<Object> {

    private final boolean sorted;
    private final boolean map;
    private final Function<Object, Object> wrap;

    private UnmodifiableSerializer(boolean sorted, boolean map, Function<Object, Object> wrap) {
        this.sorted = sorted;
        this.map = map;
        this.wrap = wrap;
        setImmutable(true);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static void addDefaultSerializers(Kryo kryo) {
        register(kryo, Collections.unmodifiableCollection(new ArrayList<>()), false, false,
                c -> Collections.unmodifiableCollection((Collection) c));
        register(kryo, Collections.unmodifiableList(new ArrayList<>()), false, false,
                c -> Collections.unmodifiableList((List) c));
        register(kryo, Collections.unmodifiableList(new java.util.LinkedList<>()), false, false,
                c -> Collections.unmodifiableList(new java.util.LinkedList<>((List) c)));
        register(kryo, Collections.unmodifiableSet(new LinkedHashSet<>()), false, false,
                c -> Collections.unmodifiableSet(new LinkedHashSet<>((List) c)));
        register(kryo, Collections.unmodifiableSortedSet(new TreeSet<>()), true, false,
                c -> Collections.unmodifiableSortedSet((SortedSet) c));
        register(kryo, Collections.unmodifiableNavigableSet(new TreeSet<>()), true, false,
                c -> Collections.unmodifiableNavigableSet((TreeSet) c));
        register(kryo, Collections.unmodifiableMap(new LinkedHashMap<>()), false, true,
                m -> Collections.unmodifiableMap((Map) m));
        register(kryo, Collections.unmodifiableSortedMap(new TreeMap<>()), true, true,
                m -> Collections.unmodifiableSortedMap((SortedMap) m));
        register(kryo, Collections.unmodifiableNavigableMap(new TreeMap<>()), true, true,
                m -> Collections.unmodifiableNavigableMap((TreeMap) m));
    }

    private static void register(Kryo kryo, Object sample, boolean sorted, boolean map, Function<Object, Object> wrap) {
        kryo.addDefaultSerializer(sample.getClass(), new UnmodifiableSerializer(sorted, map, wrap));
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void write(Kryo kryo, Output output, Object value) {
        if (sorted) {
            Comparator<?> comparator = value instanceof SortedSet s ? s.comparator() : ((SortedMap) value).comparator();
            kryo.writeClassAndObject(output, comparator);
        }
        if (map) {
            Map<?, ?> entries = (Map<?, ?>) value;
            output.writeVarInt(entries.size(), true);
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                kryo.writeClassAndObject(output, entry.getKey());
                kryo.writeClassAndObject(output, entry.getValue());
            }
        } else {
            Collection<?> elements = (Collection<?>) value;
            output.writeVarInt(elements.size(), true);
            for (Object element : elements) {
                kryo.writeClassAndObject(output, element);
            }
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object read(Kryo kryo, Input input, Class<?> type) {
        Comparator comparator = sorted ? (Comparator) kryo.readClassAndObject(input) : null;
        int size = input.readVarInt(true);
        if (map) {
            Map entries = sorted ? new TreeMap(comparator) : new LinkedHashMap(size * 2);
            for (int i = 0; i < size; i++) {
                entries.put(kryo.readClassAndObject(input), kryo.readClassAndObject(input));
            }
            return wrap.apply(entries);
        }
        Collection elements = sorted ? new TreeSet(comparator) : new ArrayList(size);
        for (int i = 0; i < size; i++) {
            elements.add(kryo.readClassAndObject(input));
        }
        return wrap.apply(elements);
    }
}
