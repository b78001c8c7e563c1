package io.github.mp4j.serial.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.Map;
import java.util.function.BiFunction;

/** The JDK's own {@link Map.Entry} classes, as key and value, rebuilt by their public factory. */
final class MapEntrySerializer extends Serializer<Map.Entry<Object, Object>> {

    private final BiFunction<Object, Object, Map.Entry<Object, Object>> factory;

    MapEntrySerializer(BiFunction<Object, Object, Map.Entry<Object, Object>> factory) {
        this.factory = factory;
    }

    @Override
    public void write(Kryo kryo, Output output, Map.Entry<Object, Object> entry) {
        kryo.writeClassAndObject(output, entry.getKey());
        kryo.writeClassAndObject(output, entry.getValue());
    }

    @Override
    public Map.Entry<Object, Object> read(Kryo kryo, Input input, Class<? extends Map.Entry<Object, Object>> type) {
        return factory.apply(kryo.readClassAndObject(input), kryo.readClassAndObject(input));
    }
}
