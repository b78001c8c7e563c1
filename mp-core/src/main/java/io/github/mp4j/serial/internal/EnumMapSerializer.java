package io.github.mp4j.serial.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@link EnumMap}s, with their key type (which Kryo's generic map serializer loses, so the map
 * could not be rebuilt). The key type of a non-empty map is its first key's. An empty map has
 * no key to ask and no public accessor for its key type, and reading its private field needs a
 * flag an application JVM does not have, so an empty map goes through Java serialization, which
 * writes the key type (and nothing else: there are no values).
 *
 * <pre>
 *   non-empty: key type (Kryo class) | size (var int) | size x (key ordinal (var int) | value (class and object))
 *   empty:     null class            | length (var int) | Java-serialized empty EnumMap
 * </pre>
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class EnumMapSerializer extends Serializer<EnumMap> {

    @Override
    public void write(Kryo kryo, Output output, EnumMap map) {
        if (map.isEmpty()) {
            kryo.writeClass(output, null);
            byte[] bytes = javaSerialize(map);
            output.writeVarInt(bytes.length, true);
            output.writeBytes(bytes);
            return;
        }
        kryo.writeClass(output, ((Enum<?>) map.keySet().iterator().next()).getDeclaringClass());
        output.writeVarInt(map.size(), true);
        for (Object entry : map.entrySet()) {
            Map.Entry<Enum, Object> e = (Map.Entry<Enum, Object>) entry;
            output.writeVarInt(e.getKey().ordinal(), true);
            kryo.writeClassAndObject(output, e.getValue());
        }
    }

    @Override
    public EnumMap read(Kryo kryo, Input input, Class<? extends EnumMap> type) {
        Registration keys = kryo.readClass(input);
        if (keys == null) {
            return javaDeserialize(kryo, input.readBytes(input.readVarInt(true)));
        }
        Class keyType = keys.getType();
        Object[] constants = keyType.getEnumConstants();
        EnumMap map = new EnumMap(keyType);
        int size = input.readVarInt(true);
        for (int i = 0; i < size; i++) {
            int ordinal = input.readVarInt(true);
            if (ordinal < 0 || ordinal >= constants.length) {
                throw new KryoException("no constant " + ordinal + " in " + keyType.getName());
            }
            map.put((Enum) constants[ordinal], kryo.readClassAndObject(input));
        }
        return map;
    }

    /** The bytes may hold an EnumMap and its key type's class; anything else is refused unread. */
    private static ObjectInputFilter.Status onlyAnEnumMap(ObjectInputFilter.FilterInfo info) {
        Class<?> type = info.serialClass();
        boolean allowed = type == null || type == EnumMap.class || Enum.class.isAssignableFrom(type);
        return allowed && info.depth() <= 3 ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
    }

    private static byte[] javaSerialize(EnumMap empty) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(empty);
        } catch (IOException e) {
            throw new KryoException("cannot write the key type of an empty EnumMap", e);
        }
        return bytes.toByteArray();
    }

    private static EnumMap javaDeserialize(Kryo kryo, byte[] bytes) {
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), kryo.getClassLoader())) {
            in.setObjectInputFilter(EnumMapSerializer::onlyAnEnumMap);
            Object map = in.readObject();
            if (!(map instanceof EnumMap<?, ?> enumMap) || !enumMap.isEmpty()) {
                throw new KryoException("expected an empty EnumMap, got " + (map == null ? "null" : map.getClass().getName()));
            }
            return enumMap;
        } catch (IOException | ClassNotFoundException e) {
            throw new KryoException("cannot read the key type of an empty EnumMap: " + e, e);
        }
    }
}
