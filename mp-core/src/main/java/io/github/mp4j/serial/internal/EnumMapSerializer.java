package io.github.mp4j.serial.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Field;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@link EnumMap}s, with their key type (which Kryo's generic map serializer loses, so the map
 * could not be rebuilt). The key type of a non-empty map is its first key's; an empty map's is
 * read from the map itself, which needs {@code java.util} opened to mp4j (every mp4j JVM has it).
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class EnumMapSerializer extends Serializer<EnumMap> {

    private static final Field KEY_TYPE = keyTypeField();

    @Override
    public void write(Kryo kryo, Output output, EnumMap map) {
        kryo.writeClass(output, keyType(map));
        output.writeVarInt(map.size(), true);
        for (Object entry : map.entrySet()) {
            Map.Entry<Enum, Object> e = (Map.Entry<Enum, Object>) entry;
            output.writeVarInt(e.getKey().ordinal(), true);
            kryo.writeClassAndObject(output, e.getValue());
        }
    }

    @Override
    public EnumMap read(Kryo kryo, Input input, Class<? extends EnumMap> type) {
        Class keyType = kryo.readClass(input).getType();
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

    private static Class<?> keyType(EnumMap<?, ?> map) {
        if (!map.isEmpty()) {
            return ((Enum<?>) map.keySet().iterator().next()).getDeclaringClass();
        }
        if (KEY_TYPE == null) {
            throw new KryoException("an empty EnumMap can only be sent when java.util is opened to mp4j"
                    + " (--add-opens java.base/java.util=ALL-UNNAMED)");
        }
        try {
            return (Class<?>) KEY_TYPE.get(map);
        } catch (IllegalAccessException e) {
            throw new KryoException("cannot read the key type of an empty EnumMap", e);
        }
    }

    private static Field keyTypeField() {
        try {
            Field field = EnumMap.class.getDeclaredField("keyType");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
